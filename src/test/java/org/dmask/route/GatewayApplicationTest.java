package org.dmask.route;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;
import org.dmask.admin.security.Roles;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway in the application: ready only with the SCP bound and the spool writable; STOW-RS answers a
 * non-multipart upload with 415 and a reason, a non-DICOM part with 409 and a Failed SOP item, a CT with 200 and a
 * Referenced SOP item, after which the de-identified CT is in the folder archive; metrics count it. STOW-RS into a
 * study refuses instances of another study; {@code dmask.dicomweb.max-part-size} refuses a part too large.
 */
@QuarkusTest
@TestProfile(GatewayApplicationTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class GatewayApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path WORK = Path.of("target", "gateway-app-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final TestUsers USERS = TestUsers.in(WORK.resolve("users"));

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return GatewayTestProfile.config(WORK,
                    GatewayTestProfile.archiveEverything(WORK.resolve("archive"), "full"), "store", "audit.jsonl",
                    USERS.config("dmask.dicomweb.max-part-size", "1M"));
        }
    }

    @Inject
    GatewayService service;

    @Test
    @Order(1)
    void readyHealthStowAndMetrics() throws Exception {
        // The start-up check's models, renderer and encoder run in the background: ready once they passed. A host
        // whose FFmpeg does not load (no libpulse0) cannot mask, and readiness says so instead.
        service.startupCheck().awaitBackground(60_000);
        String encoderProblem = null;
        try {
            org.dmask.video.H264Mp4Sink.encoderFor(org.dmask.video.VideoSettings.defaults());
        } catch (org.dmask.video.VideoException e) {
            encoderProblem = "H.264 encoder: " + e.getMessage();
        }
        if (encoderProblem == null) {
            TestUsers.management().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                    .body(containsString("dmask-gateway"), containsString("UP"), containsString("llvmpipe"));
        } else {
            TestUsers.management().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(503)
                    .body("checks.find { it.name == 'dmask-gateway' }.data.reason", equalTo(encoderProblem));
        }

        USERS.as(Roles.SENDER).contentType("application/octet-stream").body("not dicom".getBytes(StandardCharsets.US_ASCII))
                .when().post("/dicomweb/studies").then().statusCode(415)
                .body(containsString("multipart/related"));

        String boundary = "b0undary";
        USERS.as(Roles.SENDER).contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(multipart(boundary, "hello, I am not DICOM at all".getBytes(StandardCharsets.US_ASCII)))
                .when().post("/dicomweb/studies").then().statusCode(409)
                .contentType("application/dicom+json")
                .header("Warning", containsString("not a DICOM Part 10 object"))
                .body(containsString("\"00081198\""), containsString("49152"));

        Path ct = Path.of(System.getProperty("dmask.test.shared", "../shared"), "dicom-corpus/dev/pydicom__CT_small.dcm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ct), "shared corpus missing");
        USERS.as(Roles.SENDER).contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
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
        TestUsers.management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dmask_route_received_total"),
                        containsString("dmask_route_forwarded_total{target=\"archive\"}"),
                        containsString("dmask_route_queue_depth"));
    }

    /**
     * STOW-RS to {@code /dicomweb/studies/{study}} (PS3.18 Table 10.5.1-1: every instance shall have that Study
     * Instance UID). An instance of another study fails (Failure Reason 0xA900, the standard naming no other code for
     * it) and is not kept: alone in the request, 409 (PS3.18 Table 10.5.3-1 names "Study Instance UID mismatch" as a
     * 409 conflict); beside one that matches, 202. A part over {@code dmask.dicomweb.max-part-size} (1M here) fails
     * with 0xA700. Only the matching instance reaches the archive.
     */
    @Test
    @Order(2)
    void stowIntoAStudyRefusesInstancesOfAnotherStudy() throws Exception {
        Path shared = Path.of(System.getProperty("dmask.test.shared", "../shared"), "dicom-corpus/dev");
        Path ct = shared.resolve("pydicom__CT_small.dcm");
        Path mr = shared.resolve("pydicom__MR_small_padded.dcm");
        Path big = shared.resolve("pydicom-data__MR2_UNCR.dcm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ct) && Files.exists(mr) && Files.exists(big),
                "shared corpus missing");
        Attributes ctDs = header(ct);
        Attributes mrDs = header(mr);
        String study = ctDs.getString(Tag.StudyInstanceUID);
        String boundary = "b0undary-2";
        String type = "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
        int archivedBefore = archived().size();

        // The CT alone, to a study it is not in: 409, its Failed SOP item with 0xA900.
        String body = USERS.as(Roles.SENDER).contentType(type).body(multipart(boundary, Files.readAllBytes(ct)))
                .when().post("/dicomweb/studies/1.2.826.0.1.3680043.2.1125.999").then().statusCode(409)
                .contentType("application/dicom+json").header("Warning", containsString("another study"))
                .extract().asString();
        JsonNode r = JSON.readTree(body);
        assertEquals(1, r.get("00081198").get("Value").size(), body);
        JsonNode f = r.get("00081198").get("Value").get(0);
        assertEquals(ctDs.getString(Tag.SOPClassUID), f.get("00081150").get("Value").get(0).asText());
        assertEquals(ctDs.getString(Tag.SOPInstanceUID), f.get("00081155").get("Value").get(0).asText());
        assertEquals(0xA900, f.get("00081197").get("Value").get(0).asInt());
        assertFalse(r.has("00081199"), body);
        assertTrue(r.has("00081190"), "Retrieve URL is Type 2: " + body);

        // To the CT's study: a CT of it (stored), an MR of another study (0xA900), a 2 MB part (0xA700): 202.
        Path ct2 = WORK.resolve("ct-second.dcm");
        ctDs = copyWithSopInstanceUid(ct, ct2, "2.25.31337000001");
        body = USERS.as(Roles.SENDER).contentType(type).body(multipart(boundary, Files.readAllBytes(ct2), Files.readAllBytes(mr),
                Files.readAllBytes(big))).when().post("/dicomweb/studies/" + study).then().statusCode(202)
                .contentType("application/dicom+json").extract().asString();
        r = JSON.readTree(body);
        JsonNode stored = r.get("00081199").get("Value");
        assertEquals(1, stored.size(), body);
        assertEquals("2.25.31337000001", stored.get(0).get("00081155").get("Value").get(0).asText());
        JsonNode failed = r.get("00081198").get("Value");
        assertEquals(2, failed.size(), body);
        assertEquals(mrDs.getString(Tag.SOPInstanceUID), failed.get(0).get("00081155").get("Value").get(0).asText());
        assertEquals(0xA900, failed.get(0).get("00081197").get("Value").get(0).asInt());
        assertEquals(0xA700, failed.get(1).get("00081197").get("Value").get(0).asInt());

        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end && (archived().size() < archivedBefore + 1
                || service.gateway().store().pending() > 0)) {
            Thread.sleep(100);
        }
        assertEquals(archivedBefore + 1, archived().size(), "only the CT of the study reaches the archive");
        try (Stream<Path> left = Files.list(WORK.resolve("spool"))) {
            assertEquals(List.of(), left.toList(), "nothing refused is left in the spool");
        }
    }

    private static List<Path> archived() throws java.io.IOException {
        if (!Files.isDirectory(WORK.resolve("archive"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(WORK.resolve("archive"))) {
            return s.filter(f -> f.toString().endsWith(".dcm")).toList();
        }
    }

    private static Attributes header(Path f) throws java.io.IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.disposeBulkData();
            return ds;
        }
    }

    private static Attributes copyWithSopInstanceUid(Path source, Path target, String uid) throws java.io.IOException {
        Attributes ds;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(source)) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            ts = in.transferSyntax();
        }
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
        try (OutputStream o = Files.newOutputStream(target)) {
            new DicomOutputStream(o).writeDicomFile(null, ds, ts);
        }
        return ds;
    }

    public static byte[] multipart(String boundary, byte[]... parts) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            b.write(part);
            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }
}
