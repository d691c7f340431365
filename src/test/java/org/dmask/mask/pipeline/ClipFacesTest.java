package org.dmask.mask.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmask.face.FaceCensus;
import org.dmask.face.FaceDetection;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** Between two detections a face is covered where it was, where it will be, and on its way; a cut stops that. */
@SlowTest
class ClipFacesTest {

    private static FaceDetection face(double cx, double cy) {
        double[] k = {cx - 10, cy - 5, cx + 10, cy - 5, cx, cy + 3, cx, cy + 12, cx - 22, cy, cx + 22, cy};
        return new FaceDetection(cx, cy, 50, 50, k, 0.9);
    }

    private static final FaceCensus.Observation NOTHING_RUN = new FaceCensus.Observation(false, null, -1);

    @Test
    void aMovingFaceIsCoveredOnItsWholeWayBetweenDetections() {
        ClipFaces faces = new ClipFaces();
        FaceDetection patient = face(400, 100);
        faces.add(new FaceCensus.Observation(false, List.of(patient, face(100, 100)), 0), true);
        for (int i = 1; i < 5; i++) {
            faces.add(NOTHING_RUN, true);
        }
        faces.add(new FaceCensus.Observation(false, List.of(face(140, 100), patient), 1), true);

        List<FaceDetection> frame2 = faces.toCover(2);
        // Where it was, where it will be, and 2/5 of the way (x = 116): never the patient.
        assertEquals(List.of(100.0, 140.0, 116.0), frame2.stream().map(FaceDetection::cx).toList());
        // From frame 5 on: where it is, and (held over one detection) where it was.
        assertEquals(List.of(140.0, 100.0), faces.toCover(5).stream().map(FaceDetection::cx).toList());
        assertEquals(2, faces.counts().faces(), "the same two faces all along");
        assertEquals(6, faces.counts().multiFaceFrames());
    }

    @Test
    void aSceneCutEndsTheLookAheadAndStartsTheCountAgain() {
        ClipFaces faces = new ClipFaces();
        faces.add(new FaceCensus.Observation(false, List.of(face(400, 100), face(100, 100)), 0), true);
        faces.add(NOTHING_RUN, true);
        faces.add(NOTHING_RUN, true);
        // A cut at frame 3: a new shot, where the patient is alone; a face that happens to be where the old one was
        // is someone else.
        faces.add(new FaceCensus.Observation(true, List.of(face(110, 100)), 0), true);
        faces.add(NOTHING_RUN, true);

        assertEquals(List.of(100.0), faces.toCover(2).stream().map(FaceDetection::cx).toList(),
                "the frames before the cut are not covered with the next shot's faces");
        assertEquals(List.of(), faces.toCover(4));
        assertEquals(3, faces.counts().faces());
        assertEquals(1, faces.counts().sceneCuts());
        assertEquals(3, faces.counts().multiFaceFrames());
    }

    @Test
    void aFaceTheDetectorMissesOnceStaysCovered() {
        ClipFaces faces = new ClipFaces();
        faces.add(new FaceCensus.Observation(false, List.of(face(400, 100), face(100, 100)), 0), true);
        faces.add(NOTHING_RUN, true);
        faces.add(new FaceCensus.Observation(false, List.of(face(400, 100)), 0), true);
        faces.add(NOTHING_RUN, true);
        faces.add(new FaceCensus.Observation(false, List.of(face(400, 100)), 0), true);
        faces.add(NOTHING_RUN, true);
        assertEquals(List.of(100.0), faces.toCover(3).stream().map(FaceDetection::cx).toList(), "missed once: held");
        assertEquals(List.of(), faces.toCover(5), "missed twice: gone");
    }

    @Test
    void framesBeforeAnyDetectionTakeTheFirstOnes() {
        ClipFaces faces = new ClipFaces();
        faces.add(NOTHING_RUN, false);
        faces.add(new FaceCensus.Observation(false, List.of(face(100, 100)), -1), false);
        assertTrue(faces.toCover(0).stream().anyMatch(f -> f.cx() == 100.0));
    }
}
