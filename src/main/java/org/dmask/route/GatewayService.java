package org.dmask.route;

import org.dmask.route.component.ArchiveComponent;
import org.dmask.route.component.DicomComponent;
import org.dmask.route.component.StowComponent;
import org.dmask.route.delivery.Backoff;
import org.dmask.route.delivery.JobListener;
import org.dmask.route.rules.Rule;
import org.dmask.route.rules.RuleException;
import org.dmask.route.rules.RuleHolder;
import org.dmask.route.rules.RuleParser;
import org.dmask.route.rules.RuleSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.dmask.audit.AuditConfig;
import org.dmask.audit.AuditService;
import org.dmask.deid.DeidService;
import org.dmask.deid.Option;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dimse.DimseConfig;
import org.dmask.dimse.DimseService;
import org.dmask.dimse.ScpSettings;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.dmask.model.ModelEntry;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelRegistry;
import org.dmask.pixel.PixelCleaners;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.VideoConfig;
import org.jboss.logging.Logger;

/**
 * The gateway in the application: {@code dmask.route.*}, {@code dmask.dimse.*} (the SCP of the ingest route, the
 * SCU defaults of dicom: targets), {@code dmask.deid.*}, the audit trail, metrics, and the masker when the mask
 * package supplies one. Started by {@code dmask serve} or, with {@code dmask.route.autostart}, at start-up.
 */
@ApplicationScoped
public class GatewayService {

    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    @Inject
    CamelContext camel;
    @Inject
    RouteConfig config;
    @Inject
    DimseConfig dimseConfig;
    @Inject
    DimseService dimse;
    @Inject
    DeidService deid;
    @Inject
    AuditService audit;
    @Inject
    MeterRegistry registry;
    @Inject
    Instance<VideoMasker> maskers;
    /** Beans told of every job change (the admin's recent objects). */
    @Inject
    Instance<JobListener> jobListeners;

    @Inject
    AuditConfig auditConfig;
    @Inject
    ModelRegistry models;
    @Inject
    VideoConfig videoConfig;
    @Inject
    PixelCleaners pixelCleaners;

    private volatile Gateway gateway;
    private volatile StartupCheck startupCheck;

    void onStart(@Observes StartupEvent ev) throws Exception {
        if (config.autostart()) {
            start();
        }
    }

    public synchronized Gateway start() throws Exception {
        if (gateway != null) {
            return gateway;
        }
        RuleParser parser = new RuleParser(deid.profileNames());
        StartupCheck check = startupCheck(parser);
        check.requireKeyAndFolders(); // before anything is accepted; fatal: a one-line ConfigurationException
        startupCheck = check;
        Pseudonymizer pseudonyms = deid.pseudonymizer(); // dmask.deid.key, or the key file (generated on first start)
        DicomComponent dicom = new DicomComponent();
        String dicomUri = null;
        Path spool = Path.of(dimseConfig.scp().spoolDirectory());
        if (dimseConfig.scp().enabled()) {
            ScpSettings scp = dimse.scpSettings();
            dicom.setScpDefaults(scp);
            dicomUri = "dicom:" + scp.aeTitles().keySet().iterator().next();
        }
        dicom.setScuDefaults(dimse.scuSettings("localhost", 104, "ANY", null));
        dicom.setVideoSettings(videoConfig.settings());
        if (camel.hasComponent("dicom") == null) {
            camel.addComponent("dicom", dicom);
        }
        if (camel.hasComponent("archive") == null) {
            camel.addComponent("archive", new ArchiveComponent());
        }
        if (camel.hasComponent("stow") == null) {
            camel.addComponent("stow", new StowComponent());
        }
        if (!camel.isStarted()) {
            camel.start(); // the gateway may start before Camel's own bootstrap does; starting twice is a no-op
        }
        audit.open();
        RouteMetrics metrics = new RouteMetrics(registry, () -> gateway);
        audit.addListener(metrics);
        RouteConfig.Redelivery r = config.redelivery();
        GatewaySettings s = new GatewaySettings(config.workDirectory(), config.rules().orElse(null), dicomUri, spool,
                config.dropFolder().orElse(null), new Backoff(r.initialDelay(), r.maxDelay(), r.multiplier(),
                        r.maxAge()), config.workers(), config.pollInterval().toMillis(),
                config.rulesCheckInterval().toMillis(), config.deadLetterRetention(),
                config.deadLetterKeyFile().orElse(null));
        try {
            Gateway g = new Gateway(s, camel, parser, deid::deidentifier, pseudonyms::uid, this::masker, audit,
                    metrics).cleaningPixelsWith(pixelCleaners::get);
            jobListeners.forEach(g::addJobListener);
            gateway = g.start();
        } catch (RuleException e) {
            throw new ConfigurationException("dmask.route.rules: " + e.getMessage(), e);
        }
        check.startBackgroundChecks(); // models, renderer, encoder: readiness DOWN with the reason until they pass
        return gateway;
    }

    /** The start-up check over this configuration; a rule file that does not load is a configuration error. */
    StartupCheck startupCheck(RuleParser parser) {
        RuleSet rules;
        try {
            rules = new RuleHolder(config.rules().orElse(null), parser, next -> { }).get();
        } catch (RuleException e) {
            throw new ConfigurationException("dmask.route.rules: " + e.getMessage(), e);
        }
        List<StartupCheck.Folder> folders = new ArrayList<>();
        folders.add(new StartupCheck.Folder("dmask.dimse.scp.spool-directory",
                Path.of(dimseConfig.scp().spoolDirectory())));
        folders.add(new StartupCheck.Folder("dmask.route.work-directory", config.workDirectory()));
        folders.addAll(StartupCheck.archiveFolders(rules));
        Path auditFolder = auditConfig.file().toAbsolutePath().getParent();
        if (auditFolder != null) {
            folders.add(new StartupCheck.Folder("dmask.audit.file", auditFolder));
        }
        config.dropFolder().ifPresent(d -> folders.add(new StartupCheck.Folder("dmask.route.drop-folder", d)));
        boolean masking = rules.rules().stream().anyMatch(r -> r.mask() != null && r.mask() != MaskMode.OFF);
        boolean cleaning = rules.rules().stream().anyMatch(this::cleansPixels);
        MemorySize minFree = config.minFreeSpace();
        List<StartupCheck.Background> checks = new ArrayList<>();
        if (masking) {
            checks.add(new StartupCheck.Background("models", "face models", this::resolveServingModels));
            checks.add(new StartupCheck.Background("renderer", "renderer", () -> {
                VideoMasker m = masker();
                if (m == null) {
                    throw new IllegalStateException("no digital mask in this build");
                }
                return m.checkRenderer();
            }));
        }
        if (cleaning) {
            checks.add(new StartupCheck.Background("ocr", "Clean Pixel Data OCR", () -> pixelCleaners.get()
                    .checkOcr()));
        }
        checks.add(new StartupCheck.Background("video-encoder", "H.264 encoder",
                () -> H264Mp4Sink.encoderFor(videoConfig.settings())));
        return new StartupCheck(() -> {
            deid.pseudonymizer();
            return deid.keySource();
        }, folders, minFree.asLongValue(), minFreeText(minFree), masking || cleaning, checks);
    }

    /** Whether a rule cleans pixels: its own clean-pixel-data, else its profile's option. */
    private boolean cleansPixels(Rule r) {
        if (r.cleanPixelData() != null) {
            return r.cleanPixelData();
        }
        Profile p = r.profile() == null ? null : deid.profile(r.profile());
        return p != null && p.has(Option.CLEAN_PIXEL_DATA);
    }

    /** Resolves every model the gateway serves with (the registry may install them); returns a summary. */
    private String resolveServingModels() {
        List<String> names = new ArrayList<>();
        for (ModelEntry e : servingModels(models.manifest())) {
            models.path(e.name()); // throws ModelNotAvailableException with the reason and where it looked
            names.add(e.name());
        }
        return names.size() + " ready (" + String.join(", ", names) + ")";
    }

    /** The manifest's models that serving loads: all but the evaluation-only ones, which are never deployed. */
    static List<ModelEntry> servingModels(ModelManifest manifest) {
        return manifest.entries().stream().filter(e -> !e.evalOnly()).toList();
    }

    private static String minFreeText(MemorySize size) {
        long b = size.asLongValue();
        for (String unit : new String[] {"T", "G", "M", "K"}) {
            long factor = 1L << (10 * ("KMGT".indexOf(unit) + 1));
            if (b >= factor && b % factor == 0) {
                return b / factor + unit;
            }
        }
        return b + " bytes";
    }

    /** The start-up check of the running gateway, null before {@link #start()}. */
    public StartupCheck startupCheck() {
        return startupCheck;
    }

    /** The masker the mask package supplies, or null (fail closed). */
    private VideoMasker masker() {
        return maskers.isResolvable() ? maskers.get() : null;
    }

    /** The running gateway, null before {@link #start()}. */
    public Gateway gateway() {
        return gateway;
    }

    @PreDestroy
    synchronized void stop() {
        if (gateway != null) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                LOG.warnf("stopping the gateway: %s", e.getMessage());
            }
            gateway = null;
        }
    }
}
