package org.dmask.pixel;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Profile;
import org.dmask.deid.Pseudonymizer;
import org.dmask.testing.Peers;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayService;
import org.dmask.testing.PeerTest;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * Clean Pixel Data in the application: the embedded {@code basic-clean-pixels} profile on a rule, the region
 * templates of {@code dmask.deid.pixel-templates} and Tesseract's language file from the model cache, wired by CDI.
 * An ultrasound image with planted text arrives in the archive cleaned by template and OCR, and dciodvfy finds no
 * error in it that the same image de-identified without cleaning does not have.
 */
@PeerTest
@QuarkusTest
@TestProfile(CleanPixelDataApplicationTest.Config.class)
class CleanPixelDataApplicationTest {

    static final Path WORK = Path.of("target", "clean-pixel-app-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));

    public static class Config implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(WORK);
                Files.writeString(WORK.resolve("rules.yaml"), """
                        targets:
                          archive: archive:%s
                        rules:
                          - name: ultrasound
                            match: {modality: US}
                            deid: basic-clean-pixels
                            targets: [archive]
                        """.formatted(WORK.resolve("archive")));
                Files.writeString(WORK.resolve("pixel-templates.yaml"), """
                        templates:
                          - name: acme-sono-top-band
                            manufacturer: %s
                            model: %s
                            sop-class: 1.2.840.10008.5.1.4.1.1.6.1
                            rows: 480
                            columns: 640
                            regions:
                              - {x: 0, y: 0, width: 640, height: 8}
                        """.formatted(PixelFixtures.MANUFACTURER, PixelFixtures.MODEL));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return USERS.config("dmask.route.autostart", "true",
                    "dmask.dimse.scp.spool-directory", WORK.resolve("spool").toString(),
                    "dmask.route.work-directory", WORK.resolve("store").toString(),
                    "dmask.route.rules", WORK.resolve("rules.yaml").toString(),
                    "dmask.audit.file", WORK.resolve("audit.jsonl").toString(),
                    "dmask.deid.pixel-templates", WORK.resolve("pixel-templates.yaml").toString());
        }
    }

    @Inject
    GatewayService service;

    @Test
    void anUltrasoundImageArrivesCleanedByTemplateAndOcr() throws Exception {
        PixelFixtures.traineddata(); // the language file in the test model cache (installed by dmask if missing)
        // a rule cleans pixels and none masks: the start-up check runs the OCR check, not the mask's
        service.startupCheck().awaitBackground(60_000);
        assertTrue(service.startupCheck().passed().get("ocr").startsWith("Tesseract with "),
                service.startupCheck().passed().toString());
        assertEquals(null, service.startupCheck().passed().get("renderer"));
        PlantedText.Frame f = PlantedText.frame(640, 480, false, PlantedText.Background.TEXTURED, 1000);
        Path in = PixelFixtures.grey(List.of(f), WORK.resolve("us.dcm"));
        Path spooled = service.gateway().spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(in, spooled);
        assertEquals(1, service.gateway().dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test")).size());
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (service.gateway().store().pending() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        List<Path> got;
        try (Stream<Path> s = Files.walk(WORK.resolve("archive"))) {
            got = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, got.size(), "arrived: " + got + "; audit: " + Files.readString(WORK.resolve("audit.jsonl")));
        Path out = got.get(0);
        PixelCleanerTest.assertRecorded(out, "DMASK CLEAN PIXEL DATA TEMPLATES+OCR");
        byte[] px = PixelCleanerTest.pixels(out);
        for (int i = 0; i < 640 * 8; i++) {
            assertEquals(0, px[i], "the template's band");
        }
        try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata())) {
            assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, px, 640, 480, f.words()));
        }
        Path reference = WORK.resolve("us-basic.dcm");
        new Deidentifier(Profile.basic(), new Pseudonymizer("dmask-test-only-key-not-for-production"))
                .deidentifyFile(in, reference);
        Set<String> introduced = dciodvfyErrors(out);
        introduced.removeAll(dciodvfyErrors(reference));
        assertEquals(Set.of(), introduced, "dciodvfy errors the uncleaned de-identified image does not have");
    }

    /** The admin API lists the templates and says which an object would get, without cleaning anything. */
    @Test
    void theTemplatesAreListedAndTestedThroughTheAdminApi() throws Exception {
        PlantedText.Frame f = PlantedText.frame(640, 480, false, PlantedText.Background.PLAIN, 7);
        byte[] us = Files.readAllBytes(PixelFixtures.grey(List.of(f), WORK.resolve("us-api.dcm")));
        USERS.as("auditor").get("/api/pixel-templates").then().statusCode(200)
                .body("templates[0].name", equalTo("acme-sono-top-band"))
                .body("templates[0].regions[0].height", equalTo(8));
        USERS.as("operator").contentType("application/dicom").body(us).post("/api/pixel-templates/test").then()
                .statusCode(200).body("matching", contains("acme-sono-top-band")).body("rows", equalTo(480))
                .body("regions[0].width", equalTo(640));
        byte[] ct = Files.readAllBytes(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"));
        USERS.as("operator").contentType("application/dicom").body(ct).post("/api/pixel-templates/test").then()
                .statusCode(200).body("matching", empty());
        USERS.as("operator").contentType("application/dicom").body("not dicom".getBytes())
                .post("/api/pixel-templates/test").then().statusCode(400);
        USERS.as("auditor").contentType("application/dicom").body(us).post("/api/pixel-templates/test").then()
                .statusCode(403);
        io.restassured.RestAssured.given().get("/api/pixel-templates").then().statusCode(401);
        assertTrue(Files.readString(WORK.resolve("audit.jsonl")).contains("pixel-templates.test"),
                "the test is audited");
    }

    /** dciodvfy's error messages, with UID values taken out (each object has its own UIDs). */
    private static Set<String> dciodvfyErrors(Path file) {
        Path dciodvfy = Peers.require("dciodvfy", "dicom3tools");
        Peers.ProcessResult r = Peers.run(Duration.ofSeconds(60), List.of(dciodvfy.toString(), file.toString()));
        Set<String> errors = new TreeSet<>();
        for (String line : (r.stdoutLatin1() + "\n" + r.stderrLatin1()).split("\r?\n")) {
            if (line.startsWith("Error")) {
                errors.add(line.replaceAll("[0-9]+(\\.[0-9]+){3,}", "<uid>"));
            }
        }
        assertTrue(r.exitCode() >= 0);
        return errors;
    }
}
