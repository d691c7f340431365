package org.dmask.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.Test;

/**
 * Issue 29's fan-out, with the real digital mask in the application: a rule with three targets masks a face video
 * once. The audit and the mask stage timer count one, and the three archives receive the same bytes.
 */
@QuarkusTest
@TestProfile(MaskOnceTest.Profile.class)
class MaskOnceTest {

    static final Path WORK = Path.of("target", "mask-once-test-" + ProcessHandle.current().pid()).toAbsolutePath();
    static final org.dmask.testing.TestUsers USERS = org.dmask.testing.TestUsers.in(WORK.resolve("users"));

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return GatewayTestProfile.config(WORK, """
                    targets:
                      a: archive:%s
                      b: archive:%s
                      c: archive:%s
                    rules:
                      - name: video
                        deid: basic
                        mask: full
                        targets: [a, b, c]
                    """.formatted(WORK.resolve("a"), WORK.resolve("b"), WORK.resolve("c")), "store", "audit.jsonl",
                    USERS.config("%test.dmask.dimse.scp.enabled", "false"));
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void aVideoForThreeTargetsIsMaskedOnceAndAllReceiveTheSameBytes() throws Exception {
        Peers.require("ffmpeg", "ffmpeg");
        InstallTestSupport.installedModels();
        Path mp4 = WORK.resolve("face.mp4");
        VideoFixtures.ffmpeg("-y", "-i", Peers.shared("media/asl_again.mkv").toString(), "-frames:v", "20", "-an",
                "-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-crf", "18",
                mp4.toString());
        Path video = VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 20,
                new FrameRate(30, 1), 640, 480, WORK.resolve("face.dcm"));

        String boundary = "b0undary";
        USERS.as(org.dmask.admin.security.Roles.SENDER).contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(GatewayApplicationTest.multipart(boundary, Files.readAllBytes(video)))
                .when().post("/dicomweb/studies").then().statusCode(200);

        List<byte[]> copies = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end && copies.size() < 3) {
            Thread.sleep(200);
            copies.clear();
            for (String target : List.of("a", "b", "c")) {
                for (Path f : dicomFiles(WORK.resolve(target))) {
                    copies.add(Files.readAllBytes(f));
                }
            }
        }
        assertEquals(3, copies.size(), "the masked video in each of the three archives");
        Path first = dicomFiles(WORK.resolve("a")).get(0);
        assertArrayEquals(copies.get(0), copies.get(1), "a and b received the same bytes");
        assertArrayEquals(copies.get(0), copies.get(2), "a and c received the same bytes");
        Attributes masked;
        try (DicomInputStream in = new DicomInputStream(first)) {
            in.readFileMetaInformation();
            masked = in.readDataset();
        }
        assertEquals("NO", masked.getString(Tag.RecognizableVisualFeatures), "the real mask ran");
        assertEquals("20", masked.getString(Tag.NumberOfFrames));

        List<String> audit = Files.readAllLines(WORK.resolve("audit.jsonl"));
        assertEquals(1, audit.stream().filter(l -> l.contains("\"event\":\"mask\"")).count(), "one mask audited");
        assertEquals(1, audit.stream().filter(l -> l.contains("\"event\":\"deidentify\"")).count(),
                "one de-identification audited");
        assertEquals(1, registry.get("dmask.route.stage").tags("stage", "mask", "rule", "video").timer().count(),
                "the mask stage timer counts one");
    }

    private static List<Path> dicomFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".dcm") && Files.isRegularFile(f)).toList();
        }
    }
}
