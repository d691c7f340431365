package org.dmask.mask.pipeline;

import org.dmask.mask.MaskTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.face.FaceDetector;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The head cover on the faces of a real group photo: whole head inside, fill exact, blend only outside. */
@SlowTest
class HeadCoverTest {

    private static final int[] GREY = {112, 112, 112};

    @Test
    void eachHeadIsFilledAndOnlyTheBandOutsideIsBlended() throws IOException {
        BufferedImage photo = ImageIO.read(Peers.shared("media/faceapi_sample1.jpg").toFile());
        BgrImage image = BgrImage.of(photo);
        List<FaceDetection> faces = new FaceDetector(MaskTestSupport.registry().session(FaceDetector.MODEL))
                .detect(image);
        assertEquals(3, faces.size(), "the photo's three faces");
        byte[] covered = image.bgr().clone();
        int feather = 12;
        assertEquals(3, new HeadCover(feather, GREY).cover(covered, image.width(), image.height(), faces));

        for (FaceDetection d : faces) {
            FaceOval region = HeadCover.region(d);
            // The whole head: the keypoints well inside, hair above the box and the neck below it.
            for (int p = 0; p < FaceDetector.KEYPOINTS; p++) {
                assertTrue(region.normalisedRadius(d.keypoints()[2 * p], d.keypoints()[2 * p + 1]) <= 0.81,
                        "keypoint " + p);
            }
            assertTrue(region.normalisedRadius(d.cx(), d.y0() - 0.4 * d.height()) < 1, "above the brows");
            assertTrue(region.normalisedRadius(d.cx(), d.y0() + 1.6 * d.height()) < 1, "the neck");
            assertTrue(region.normalisedRadius(d.x0() - 0.1 * d.width(), d.cy()) < 1, "beside the ears");
        }
        int inside = 0, band = 0, beyond = 0;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2) {
                double r = Double.MAX_VALUE, outside = Double.MAX_VALUE;
                for (FaceDetection d : faces) {
                    FaceOval region = HeadCover.region(d);
                    double ri = region.normalisedRadius(x + 0.5, y + 0.5);
                    r = Math.min(r, ri);
                    outside = Math.min(outside, (ri - 1) * region.minRadius());
                }
                int i = (y * image.width() + x) * 3;
                byte[] px = Arrays.copyOfRange(covered, i, i + 3);
                if (r <= 1) {
                    assertEquals(112, px[0] & 0xff);
                    assertEquals(112, px[1] & 0xff);
                    assertEquals(112, px[2] & 0xff);
                    inside++;
                } else if (outside >= feather) {
                    // The cover's band ends where (r − 1)·minRadius reaches the feather width.
                    assertTrue(Arrays.equals(px, Arrays.copyOfRange(image.bgr(), i, i + 3)), "beyond the band");
                    beyond++;
                } else {
                    band++;
                }
            }
        }
        assertTrue(inside > 0 && band > 0 && beyond > inside, inside + " " + band + " " + beyond);
    }

    @Test
    void aFaceWhosePlaceIsUnknownObscuresTheWholeFrame() {
        double[] k = new double[12];
        Arrays.fill(k, Double.NaN);
        FaceDetection lost = new FaceDetection(Double.NaN, 40, 20, 20, k, 0.9);
        byte[] frame = new byte[64 * 48 * 3];
        Arrays.fill(frame, (byte) 200);
        assertEquals(1, new HeadCover(4, GREY).cover(frame, 64, 48, List.of(lost)));
        for (byte b : frame) {
            assertEquals(112, b & 0xff);
        }
    }
}
