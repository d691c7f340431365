package org.dmask.route;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway in the application: ready only with the SCP bound and the spool writable; STOW-RS answers a
 * non-multipart upload with 415 and a reason, a non-DICOM part with 409 and a Failed SOP item, a CT with 200 and a
 * Referenced SOP item, after which the de-identified CT is in the folder archive; metrics count it.
 */
@QuarkusTest
@TestProfile(GatewayApplicationTest.Profile.class)
class GatewayApplicationTest {

    static final Path WORK = Path.of("target", "gateway-app-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(WORK);
                Files.writeString(WORK.resolve("rules.yaml"), """
                        targets:
                          archive: archive:%s
                        rules:
                          - name: all
                            deid: basic
                            mask: full
                            targets: [archive]
                        """.formatted(WORK.resolve("archive")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("dmask.route.autostart", "true", "%test.dmask.dimse.scp.enabled", "true",
                    "%test.dmask.dimse.scp.port", "0", "dmask.dimse.scp.spool-directory", WORK.resolve("spool").toString(),
                    "dmask.route.work-directory", WORK.resolve("store").toString(),
                    "dmask.route.rules", WORK.resolve("rules.yaml").toString(),
                    "dmask.audit.file", WORK.resolve("audit.jsonl").toString());
        }
    }

    @Test
    void readyHealthStowAndMetrics() throws Exception {
        given().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body(containsString("dmask-gateway"), containsString("UP"));

        given().contentType("application/octet-stream").body("not dicom".getBytes(StandardCharsets.US_ASCII))
                .when().post("/dicomweb/studies").then().statusCode(415)
                .body(containsString("multipart/related"));

        String boundary = "b0undary";
        given().contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(multipart(boundary, "hello, I am not DICOM at all".getBytes(StandardCharsets.US_ASCII)))
                .when().post("/dicomweb/studies").then().statusCode(409)
                .contentType("application/dicom+json")
                .header("Warning", containsString("not a DICOM Part 10 object"))
                .body(containsString("\"00081198\""), containsString("49152"));

        Path ct = Path.of(System.getProperty("dmask.test.shared", "../shared"), "dicom-corpus/dev/pydicom__CT_small.dcm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ct), "shared corpus missing");
        given().contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(multipart(boundary, Files.readAllBytes(ct)))
                .when().post("/dicomweb/studies").then().statusCode(200)
                .body(containsString("\"00081199\""), containsString("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"));

        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Path> archived = List.of();
        while (System.nanoTime() < end && archived.isEmpty()) {
            Thread.sleep(100);
            if (Files.isDirectory(WORK.resolve("archive"))) {
                try (Stream<Path> s = Files.walk(WORK.resolve("archive"))) {
                    archived = s.filter(f -> f.toString().endsWith(".dcm")).toList();
                }
            }
        }
        assertEquals(1, archived.size(), "the CT in the archive");
        try (var in = new org.dmask.dicom.DicomInputStream(archived.get(0))) {
            in.readFileMetaInformation();
            var ds = in.readDataset();
            assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
            assertTrue(archived.get(0).toString().contains(ds.getString(Tag.StudyInstanceUID) + "/"
                    + ds.getString(Tag.SeriesInstanceUID) + "/" + ds.getString(Tag.SOPInstanceUID) + ".dcm"));
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dmask_route_received_total"),
                        containsString("dmask_route_forwarded_total{target=\"archive\"}"),
                        containsString("dmask_route_queue_depth"));
    }

    private static byte[] multipart(String boundary, byte[] part) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(part);
        b.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }
}
