package org.dmask.route;

import org.dmask.route.delivery.GatewayMeter;

import org.dmask.route.component.ArchiveComponent;
import org.dmask.route.component.DicomComponent;
import org.dmask.route.component.StowComponent;
import org.dmask.route.delivery.Backoff;
import org.dmask.route.rules.RuleParser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.dmask.audit.AuditSink;
import org.dmask.audit.JsonLinesAuditLog;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Option;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.mask.VideoMasker;
import org.dmask.pixel.PixelCleaner;

/**
 * A gateway without Quarkus, for tests and child JVMs: a plain Camel context with the dicom: and archive:
 * components, the Basic Profile (and Basic with Clean Pixel Data, {@code basic-clean-pixels}) under the test key, no
 * masker and no pixel cleaner unless given (fail closed), audit into a JSON lines file.
 */
public final class GatewayHarness implements AutoCloseable {

    public static final String KEY = "dmask-test-only-key-not-for-production";

    public final CamelContext camel;
    public final Gateway gateway;
    public final JsonLinesAuditLog audit;

    private GatewayHarness(CamelContext camel, Gateway gateway, JsonLinesAuditLog audit) {
        this.camel = camel;
        this.gateway = gateway;
        this.audit = audit;
    }

    public static GatewaySettings settings(Path work, Path rules, String dicomUri) {
        return new GatewaySettings(work.resolve("store"), rules, dicomUri, work.resolve("spool"), null,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10)), 2, 100, 200);
    }

    /** @param more further audit sinks (e.g. syslog) that get every event after the JSON lines file */
    public static GatewayHarness start(GatewaySettings settings, Path auditFile, VideoMasker masker, AuditSink... more)
            throws Exception {
        return start(settings, auditFile, masker, GatewayMeter.NONE, more);
    }

    /** @param meter told of stage timings, retries and dead letters (metrics) */
    public static GatewayHarness start(GatewaySettings settings, Path auditFile, VideoMasker masker,
            GatewayMeter meter, AuditSink... more) throws Exception {
        return start(settings, auditFile, masker, null, meter, more);
    }

    /** @param cleaner the Clean Pixel Data stage, or null for none */
    public static GatewayHarness start(GatewaySettings settings, Path auditFile, VideoMasker masker,
            PixelCleaner cleaner, GatewayMeter meter, AuditSink... more) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("dicom", new DicomComponent());
        camel.addComponent("archive", new ArchiveComponent());
        camel.addComponent("stow", new StowComponent());
        camel.start();
        Pseudonymizer p = new Pseudonymizer(KEY);
        Deidentifier basic = new Deidentifier(Profile.basic(), p);
        Deidentifier cleanPixels = new Deidentifier(Profile.of("basic-clean-pixels", Option.CLEAN_PIXEL_DATA), p);
        JsonLinesAuditLog log = new JsonLinesAuditLog(auditFile);
        AuditSink sink = log;
        for (AuditSink m : more) {
            sink = sink.and(m);
        }
        Gateway g = new Gateway(settings, camel, new RuleParser(Set.of("basic", "basic-clean-pixels")),
                name -> name.equals("basic-clean-pixels") ? cleanPixels : basic, p::uid, () -> masker, sink, meter)
                .cleaningPixelsWith(() -> cleaner).start();
        return new GatewayHarness(camel, g, log);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        camel.stop();
        audit.close();
    }
}
