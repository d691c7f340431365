package org.dmask.mask.pipeline;

import org.dmask.mask.MaskTestSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FrameAnalysis;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * The mask's first pass tracks frame n+1 on one thread while it measures frame n's eyes on another
 * ({@link FaceAnalyzer#track}, {@link FaceAnalyzer#measure}). That is only sound if the two stages share no state:
 * the results must be exactly those of {@link FaceAnalyzer#analyze} on one thread.
 */
@SlowTest
class TrackAheadTest {

    private static final int FRAMES = 24;

    @Test
    void trackingAheadOnAnotherThreadGivesTheSameAnalysis() throws Exception {
        List<byte[]> frames = MaskTestSupport.frames(Peers.shared("media/asl_again.mkv")).subList(0, FRAMES);

        FaceAnalyzer serial = MaskTestSupport.analyzer();
        List<FrameAnalysis> expected = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            expected.add(serial.analyze(new BgrImage(640, 480, frames.get(i)), i / 30.0));
        }

        FaceAnalyzer staged = MaskTestSupport.analyzer();
        // A small hand-off, so that the tracker runs several frames ahead of the measurement, as in the pipeline.
        BlockingQueue<FaceAnalyzer.Tracked> handOff = new ArrayBlockingQueue<>(4);
        ExecutorService tracker = Executors.newSingleThreadExecutor();
        try {
            Future<?> tracking = tracker.submit(() -> {
                for (int i = 0; i < FRAMES; i++) {
                    handOff.put(staged.track(new BgrImage(640, 480, frames.get(i))));
                }
                return null;
            });
            int tracked = 0;
            for (int i = 0; i < FRAMES; i++) {
                FrameAnalysis a = staged.measure(new BgrImage(640, 480, frames.get(i)), handOff.take(), i / 30.0);
                FrameAnalysis e = expected.get(i);
                assertEquals(e.tracked(), a.tracked(), "frame " + i + " tracked");
                if (e.tracked()) {
                    tracked++;
                    assertEquals(e.right().gazeH(), a.right().gazeH(), 0, "frame " + i + " right gaze");
                    assertEquals(e.left().gazeH(), a.left().gazeH(), 0, "frame " + i + " left gaze");
                    assertEquals(e.right().mrd1(), a.right().mrd1(), 0, "frame " + i + " right MRD1");
                    assertEquals(e.left().mrd1(), a.left().mrd1(), 0, "frame " + i + " left MRD1");
                    assertArrayEquals(bytes(FrameRecord.of(e)), bytes(FrameRecord.of(a)), "frame " + i + " record");
                }
            }
            tracking.get();
            assertTrue(tracked >= FRAMES - 2, "the face is tracked in the clip: " + tracked + "/" + FRAMES);
        } finally {
            tracker.shutdownNow();
        }
    }

    /** The record as the analysis file stores it. */
    private static byte[] bytes(FrameRecord r) {
        ByteBuffer b = ByteBuffer.allocate(FrameRecord.BYTES);
        r.writeTo(b);
        return b.array();
    }
}
