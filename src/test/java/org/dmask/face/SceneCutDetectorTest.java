package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;
import org.junit.jupiter.api.Test;

/** Scene cuts on real clips: the stage video's cuts are found, and single-shot clips have none. */
@SlowTest
class SceneCutDetectorTest {

    /** Every frame's difference to the one before (NaN for the first), and the frames called cuts. */
    private record Scan(double[] differences, List<Integer> cuts) {
        double largest() {
            double max = 0;
            for (int i = 1; i < differences.length; i++) {
                max = Math.max(max, differences[i]);
            }
            return max;
        }
    }

    private static Scan scan(Path clip) throws IOException {
        SceneCutDetector d = new SceneCutDetector(SceneCutDetector.DEFAULT_THRESHOLD);
        List<Double> diffs = new ArrayList<>();
        List<Integer> cuts = new ArrayList<>();
        try (FileVideoSource in = FileVideoSource.open(clip)) {
            VideoFrame frame = new VideoFrame(in.format().width(), in.format().height());
            while (in.read(frame)) {
                if (d.next(new BgrImage(frame.width(), frame.height(), frame.bgr().clone()))) {
                    cuts.add(diffs.size());
                }
                diffs.add(d.lastDifference());
            }
        }
        return new Scan(diffs.stream().mapToDouble(Double::doubleValue).toArray(), cuts);
    }

    /**
     * The stage video has three cuts (looked at: frames 19→20 singer to audience and a close-up, 81→82 close-up
     * to singer, 210→211 singer to audience); inside its shots the largest difference is 12.6, at the cuts 26–29.
     */
    @Test
    void theStageVideosThreeCutsAreFoundAndNothingElse() throws IOException {
        Scan s = scan(Peers.shared("media/identities/short_hamilton_clip.mp4"));
        assertEquals(List.of(20, 82, 211), s.cuts(), "largest differences " + top(s.differences()));
        double elsewhere = 0, weakestCut = Double.MAX_VALUE;
        for (int i = 1; i < s.differences().length; i++) {
            if (s.cuts().contains(i)) {
                weakestCut = Math.min(weakestCut, s.differences()[i]);
            } else {
                elsewhere = Math.max(elsewhere, s.differences()[i]);
            }
        }
        System.out.printf("hamilton: weakest cut %.1f, largest difference inside a shot %.1f%n", weakestCut,
                elsewhere);
        // A margin on both sides of the threshold, so the default is not balanced on an edge.
        assertTrue(weakestCut > 1.3 * SceneCutDetector.DEFAULT_THRESHOLD, "weakest cut " + weakestCut);
        assertTrue(elsewhere < SceneCutDetector.DEFAULT_THRESHOLD / 1.3, "largest inside a shot " + elsewhere);
    }

    private static String top(double[] d) {
        List<String> out = new ArrayList<>();
        java.util.stream.IntStream.range(1, d.length).boxed().sorted((a, b) -> Double.compare(d[b], d[a])).limit(6)
                .forEach(i -> out.add(String.format(java.util.Locale.ROOT, "%d: %.1f", i, d[i])));
        return String.join(", ", out);
    }

    @Test
    void singleShotClipsHaveNoCut() throws IOException {
        for (String clip : new String[] {"media/asl_again.mkv", "media/head-pose-face-detection-male.gif"}) {
            Scan s = scan(Peers.shared(clip));
            System.out.printf("%s: largest difference %.1f%n", clip, s.largest());
            assertEquals(List.of(), s.cuts(), clip);
        }
    }

    @Test
    void aSwapOfPicturesIsACutAndTheFirstFrameIsNot() {
        BgrImage dark = filled(64, 48, 20), light = filled(64, 48, 200);
        SceneCutDetector d = new SceneCutDetector(SceneCutDetector.DEFAULT_THRESHOLD);
        assertEquals(false, d.next(dark));
        assertEquals(false, d.next(dark));
        assertEquals(true, d.next(light));
        assertEquals(180, d.lastDifference(), 0.5);
    }

    private static BgrImage filled(int w, int h, int grey) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) grey);
        return new BgrImage(w, h, px);
    }
}
