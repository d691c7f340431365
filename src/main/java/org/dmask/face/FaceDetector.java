package org.dmask.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace, full range: the whole frame letterboxed into a 192x192 square, one SSD layer of 48x48 anchors,
 * weighted non-maximum suppression. See {@code models/manifest.json} ("face-detector") for the tensor layout.
 */
public final class FaceDetector {

    public static final String MODEL = "face-detector";
    static final int SIDE = 192;
    /** One anchor per cell of a stride-4 grid, fixed anchor size (MediaPipe's SsdAnchorsCalculator for this model). */
    private static final int GRID = SIDE / 4;
    private static final int ANCHORS = GRID * GRID;
    /** Per anchor: the score logit, then box centre x, y, width, height and six keypoints (x, y). */
    private static final int VALUES = 17;
    /** Right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (the subject's sides). */
    public static final int KEYPOINTS = 6;
    private static final double SCORE_CLIP = 100;

    private final OrtSession session;
    private final double minScore;
    private final double nmsIou;

    public FaceDetector(OrtSession session, double minScore, double nmsIou) {
        this.session = session;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
    }

    public FaceDetector(OrtSession session) {
        this(session, 0.6, 0.3);
    }

    /** The same model with another score threshold (for example a more sensitive one, to cover faces). */
    public FaceDetector withMinScore(double score) {
        return new FaceDetector(session, score, nmsIou);
    }

    /** Faces found in the frame, best first. */
    public List<FaceDetection> detect(BgrImage frame) {
        // Letterbox: the square of the frame's long side, centred, padded black, as MediaPipe's ImageToTensor does.
        double side = Math.max(frame.width(), frame.height());
        RotatedRect square = new RotatedRect(frame.width() / 2.0, frame.height() / 2.0, side, 0);
        float[] input = CropSampler.rgb01(frame, square, SIDE, false);
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] * 2 - 1;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, SIDE, SIDE, 3});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            FloatBuffer raw = ((OnnxTensor) result.get("Identity").orElseThrow(
                    () -> new IllegalStateException("face detector output Identity missing"))).getFloatBuffer();
            if (raw.remaining() != ANCHORS * VALUES) {
                throw new IllegalStateException("face detector gave " + raw.remaining() + " values, expected "
                        + ANCHORS * VALUES);
            }
            double x0 = frame.width() / 2.0 - side / 2, y0 = frame.height() / 2.0 - side / 2;
            return weightedNms(decode(raw, side, x0, y0));
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed on a " + frame.width() + "x" + frame.height()
                    + " frame: " + e.getMessage(), e);
        }
    }

    /** Anchor-relative regressions to frame pixels; {@code side} is the letterbox square, at (x0, y0) in the frame. */
    private List<FaceDetection> decode(FloatBuffer raw, double side, double x0, double y0) {
        List<FaceDetection> out = new ArrayList<>();
        double toFrame = side / SIDE;
        for (int i = 0; i < ANCHORS; i++) {
            int o = i * VALUES;
            double logit = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, raw.get(o)));
            double score = 1 / (1 + Math.exp(-logit));
            if (score < minScore) {
                continue;
            }
            double ax = (i % GRID + 0.5) * SIDE / GRID, ay = (i / GRID + 0.5) * SIDE / GRID;
            double cx = x0 + (ax + raw.get(o + 1)) * toFrame;
            double cy = y0 + (ay + raw.get(o + 2)) * toFrame;
            double w = raw.get(o + 3) * toFrame, h = raw.get(o + 4) * toFrame;
            double[] k = new double[2 * KEYPOINTS];
            for (int j = 0; j < KEYPOINTS; j++) {
                k[2 * j] = x0 + (ax + raw.get(o + 5 + 2 * j)) * toFrame;
                k[2 * j + 1] = y0 + (ay + raw.get(o + 6 + 2 * j)) * toFrame;
            }
            if (w > 0 && h > 0) {
                out.add(new FaceDetection(cx, cy, w, h, k, score));
            }
        }
        return out;
    }

    /**
     * MediaPipe's WEIGHTED suppression: each kept face is the score-weighted mean of every candidate overlapping the
     * best one, which steadies the box between frames better than keeping the single best.
     */
    private List<FaceDetection> weightedNms(List<FaceDetection> all) {
        all.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
        List<FaceDetection> kept = new ArrayList<>();
        boolean[] used = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            if (used[i]) {
                continue;
            }
            FaceDetection best = all.get(i);
            double total = 0, cx = 0, cy = 0, w = 0, h = 0;
            double[] k = new double[2 * KEYPOINTS];
            for (int j = i; j < all.size(); j++) {
                FaceDetection d = all.get(j);
                if (used[j] || best.iou(d) <= nmsIou) {
                    continue;
                }
                used[j] = true;
                double s = d.score();
                total += s;
                cx += s * d.cx();
                cy += s * d.cy();
                w += s * d.width();
                h += s * d.height();
                for (int m = 0; m < k.length; m++) {
                    k[m] += s * d.keypoints()[m];
                }
            }
            for (int m = 0; m < k.length; m++) {
                k[m] /= total;
            }
            kept.add(new FaceDetection(cx / total, cy / total, w / total, h / total, k, best.score()));
        }
        return kept;
    }
}
