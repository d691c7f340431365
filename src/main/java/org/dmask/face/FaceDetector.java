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
 * YuNet (dynamic input) face detection: letterbox into multiples of 32, decode the three strides, NMS.
 * See {@code models/manifest.json} ("yunet") for the tensor layout.
 */
public final class FaceDetector {

    public static final String MODEL = "yunet";
    private static final int[] STRIDES = {8, 16, 32};

    private final OrtSession session;
    private final int maxSide;
    private final double minScore;
    private final double nmsIou;

    /**
     * @param maxSide  frames larger than this on their long side are scaled down first (detection cost grows with
     *                 area; faces that matter are not tiny)
     */
    public FaceDetector(OrtSession session, int maxSide, double minScore, double nmsIou) {
        this.session = session;
        this.maxSide = maxSide;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
    }

    public FaceDetector(OrtSession session) {
        this(session, 640, 0.6, 0.3);
    }

    /** Faces found in the frame, best first. */
    public List<FaceDetection> detect(BgrImage frame) {
        double s = Math.min(1.0, (double) maxSide / Math.max(frame.width(), frame.height()));
        int w = roundUp32((int) Math.ceil(frame.width() * s));
        int h = roundUp32((int) Math.ceil(frame.height() * s));
        float[] input = letterbox(frame, s, w, h);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, h, w});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            List<FaceDetection> found = new ArrayList<>();
            for (int st : STRIDES) {
                decode(result, st, w / st, h / st, s, found);
            }
            return nms(found);
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed on a " + frame.width() + "x" + frame.height()
                    + " frame: " + e.getMessage(), e);
        }
    }

    private static int roundUp32(int v) {
        return Math.max(32, (v + 31) / 32 * 32);
    }

    /** NCHW BGR 0..255, scaled by s, top-left aligned, zero padding right and bottom. */
    private static float[] letterbox(BgrImage frame, double s, int w, int h) {
        float[] t = new float[3 * w * h];
        int sw = Math.min(w, (int) Math.round(frame.width() * s));
        int sh = Math.min(h, (int) Math.round(frame.height() * s));
        boolean identity = s == 1.0;
        byte[] px = frame.bgr();
        float[] rgb = new float[3];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int o = y * w + x;
                if (identity) {
                    int i = (y * frame.width() + x) * 3;
                    t[o] = px[i] & 0xff;
                    t[w * h + o] = px[i + 1] & 0xff;
                    t[2 * w * h + o] = px[i + 2] & 0xff;
                } else {
                    frame.sampleRgb((float) ((x + 0.5) / s), (float) ((y + 0.5) / s), rgb);
                    for (int c = 0; c < 3; c++) {
                        t[c * w * h + o] = rgb[2 - c]; // BGR planes from the red-first tap
                    }
                }
            }
        }
        return t;
    }

    private void decode(OrtSession.Result r, int st, int cols, int rows, double s, List<FaceDetection> out)
            throws OrtException {
        float[][] cls = first(r, "cls_" + st);
        float[][] obj = first(r, "obj_" + st);
        float[][] box = first(r, "bbox_" + st);
        float[][] kps = first(r, "kps_" + st);
        int cells = cols * rows;
        if (cls.length != cells) {
            throw new IllegalStateException("YuNet stride " + st + " gave " + cls.length + " cells, expected " + cells);
        }
        for (int i = 0; i < cells; i++) {
            double score = Math.sqrt(clip01(cls[i][0]) * clip01(obj[i][0]));
            if (score < minScore) {
                continue;
            }
            int col = i % cols;
            int row = i / cols;
            double cx = (col + box[i][0]) * st / s;
            double cy = (row + box[i][1]) * st / s;
            double bw = Math.exp(box[i][2]) * st / s;
            double bh = Math.exp(box[i][3]) * st / s;
            double[] k = new double[10];
            for (int j = 0; j < 5; j++) {
                k[2 * j] = (col + kps[i][2 * j]) * st / s;
                k[2 * j + 1] = (row + kps[i][2 * j + 1]) * st / s;
            }
            out.add(new FaceDetection(cx, cy, bw, bh, k, score));
        }
    }

    private static float[][] first(OrtSession.Result r, String name) throws OrtException {
        return ((float[][][]) r.get(name).orElseThrow(
                () -> new IllegalStateException("YuNet output " + name + " missing")).getValue())[0];
    }

    private static double clip01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private List<FaceDetection> nms(List<FaceDetection> all) {
        all.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
        List<FaceDetection> kept = new ArrayList<>();
        for (FaceDetection d : all) {
            boolean overlaps = false;
            for (FaceDetection k : kept) {
                if (k.iou(d) > nmsIou) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(d);
            }
        }
        return kept;
    }
}
