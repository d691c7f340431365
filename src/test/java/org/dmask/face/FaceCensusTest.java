package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The patient among the detected faces is the one the tracked landmarks lie around; every other face is someone else. */
@SlowTest
class FaceCensusTest {

    private static FaceDetection face(double cx, double cy) {
        return new FaceDetection(cx, cy, 80, 80, new double[12], 0.9);
    }

    /** A mesh spread over the box x 100–200, y 100–220. */
    private static FaceLandmarks mesh() {
        double[] xyz = new double[FaceLandmarks.COUNT * 3];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            xyz[3 * i] = 100 + (i * 37 % 101);
            xyz[3 * i + 1] = 100 + (i * 53 % 121);
        }
        return new FaceLandmarks(xyz, 0.99, new RotatedRect(150, 160, 140, 0));
    }

    @Test
    void theFaceInsideTheTrackedMeshIsThePatients() {
        assertEquals(1, FaceCensus.patientIndex(List.of(face(400, 160), face(152, 158), face(90, 160)), mesh()));
        assertEquals(-1, FaceCensus.patientIndex(List.of(face(400, 160)), mesh()));
        assertEquals(-1, FaceCensus.patientIndex(List.of(face(150, 160)), null));
        FaceCensus.Observation o = new FaceCensus.Observation(false, List.of(face(400, 160), face(152, 158)), 1);
        assertEquals(List.of(face(400, 160).cx()), o.others().stream().map(FaceDetection::cx).toList());
    }
}
