package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.imageio.ImageIO;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class FaceDetectorTest {

    @Test
    void groupPhotosGiveSeveralSeparateFacesWithKeypointsInsideTheirBoxes() throws Exception {
        FaceDetector detector = TestModels.detector();
        int total = 0;
        for (String name : new String[] {"faceapi_sample1.jpg", "faceapi_sample2.jpg", "faceapi_sample3.jpg"}) {
            BgrImage photo = BgrImage.of(ImageIO.read(Peers.shared("media/" + name).toFile()));
            List<FaceDetection> faces = detector.detect(photo);
            System.out.printf("%s (%dx%d): %d faces%n", name, photo.width(), photo.height(), faces.size());
            assertTrue(faces.size() >= 2, name + ": " + faces.size() + " faces");
            for (FaceDetection f : faces) {
                assertTrue(f.score() >= 0.6 && f.score() <= 1, "score " + f.score());
                for (int k = 0; k < 4; k++) { // eyes, nose, mouth; the ears may lie outside the box
                    double x = f.keypoints()[2 * k], y = f.keypoints()[2 * k + 1];
                    assertTrue(x > f.x0() - 0.1 * f.width() && x < f.x0() + 1.1 * f.width()
                            && y > f.y0() - 0.1 * f.height() && y < f.y0() + 1.1 * f.height(),
                            name + ": keypoint " + k + " outside its face box");
                }
                for (FaceDetection g : faces) {
                    assertTrue(f == g || f.iou(g) <= 0.3, "NMS leaves no overlapping pair");
                }
            }
            total += faces.size();
        }
        assertTrue(total >= 8, "faces in the three photos: " + total);
    }

    @Test
    void letterboxAndDownscalingMapBoxesBackToFramePixels() throws Exception {
        BgrImage frame = TestModels.frames(Peers.shared("media/asl_milk.mkv")).get(10); // 640x480, 32-aligned
        FaceDetector detector = TestModels.detector();
        FaceDetection a = detector.detect(frame).get(0);
        // An odd-sized, larger copy: letterboxed into a different square and scaled down further.
        double k = 1.37;
        BgrImage big = Images.scale(frame, k);
        FaceDetection b = detector.detect(big).get(0);
        double tol = 0.1 * a.width();
        assertEquals(a.cx() * k, b.cx(), tol * k, "centre x");
        assertEquals(a.cy() * k, b.cy(), tol * k, "centre y");
        assertEquals(a.width() * k, b.width(), 2 * tol * k, "width");
        // Both eye keypoints lie above the nose tip, which lies above the mouth centre.
        double[] p = a.keypoints();
        assertTrue(p[1] < p[5] && p[3] < p[5] && p[5] < p[7], "eyes above the nose above the mouth");
    }
}
