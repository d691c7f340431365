package org.dmask.mask.pipeline;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmask.face.FaceCensus;
import org.dmask.face.FaceDetection;

/**
 * What the first pass saw of the faces other than the patient's, for the second pass: the scene cuts and, at each
 * frame the detector ran on, the other faces. A frame between two detections is covered by the faces of both (and
 * their positions in between), unless a scene cut separates them, so a face that moves, or comes in, between two
 * detections is never shown for a frame; a face is also held over one detection that misses it. Memory: a few detections every few frames.
 *
 * <p>Written by one thread, frames in order ({@link #add}); read by many once the first pass is done.
 */
final class ClipFaces {

    private final BitSet cuts = new BitSet();
    private final TreeMap<Long, List<FaceDetection>> others = new TreeMap<>();
    private List<FaceDetection> previous = List.of();
    private int facesNow;
    private long frames;
    private long faces;
    private long multiFaceFrames;
    private long sceneCuts;

    /** The next frame's observation; {@code tracked}: the patient's face was tracked in it. */
    void add(FaceCensus.Observation o, boolean tracked) {
        long frame = frames++;
        if (o.sceneCut()) {
            if (frame > Integer.MAX_VALUE) {
                throw new IllegalStateException("too many frames: " + frame);
            }
            cuts.set((int) frame);
            sceneCuts++;
            previous = List.of(); // every track ends at a cut
        }
        if (o.detected()) {
            others.put(frame, o.others());
            for (FaceDetection f : o.faces()) {
                if (nearest(f, previous) == null) {
                    faces++; // not there at the last detection: a face newly seen
                }
            }
            previous = o.faces();
            facesNow = o.faces().size() + (tracked && o.patient() < 0 ? 1 : 0);
        }
        if (facesNow > 1) {
            multiFaceFrames++;
        }
    }

    /** The counts so far; the regions obscured are the second pass's to count. */
    MaskPipeline.FaceCounts counts() {
        return new MaskPipeline.FaceCounts(faces, multiFaceFrames, sceneCuts, 0);
    }

    /**
     * The faces other than the patient's to cover in this frame: those of the detections just before and after it,
     * where each face is on its way between them, and those of the detection before that, so that a face the
     * detector misses once (a low score that flickers, a turn) stays covered. Never across a scene cut.
     */
    List<FaceDetection> toCover(long frame) {
        Map.Entry<Long, List<FaceDetection>> before = others.floorEntry(frame);
        Map.Entry<Long, List<FaceDetection>> after = others.higherEntry(frame);
        List<FaceDetection> out = new ArrayList<>(before == null ? List.of() : before.getValue());
        Map.Entry<Long, List<FaceDetection>> earlier = before == null ? null : others.lowerEntry(before.getKey());
        if (earlier != null && !cutBetween(earlier.getKey(), frame)) {
            out.addAll(earlier.getValue());
        }
        if (after == null || cutBetween(frame, after.getKey())) {
            return out;
        }
        out.addAll(after.getValue());
        if (before != null) {
            // Where each face is on its way between the two detections.
            double t = (double) (frame - before.getKey()) / (after.getKey() - before.getKey());
            for (FaceDetection a : before.getValue()) {
                FaceDetection b = nearest(a, after.getValue());
                if (b != null) {
                    out.add(between(a, b, t));
                }
            }
        }
        return out;
    }

    /** A scene cut in (frame, later]. */
    private boolean cutBetween(long frame, long later) {
        int next = cuts.nextSetBit((int) Math.min(Integer.MAX_VALUE, frame + 1));
        return next >= 0 && next <= later;
    }

    /**
     * The face in {@code candidates} that is {@code face} a few frames on: the nearest whose centre is within one
     * box (a face rarely moves its own width in a few frames; two faces are rarely closer than one width).
     */
    private static FaceDetection nearest(FaceDetection face, List<FaceDetection> candidates) {
        FaceDetection best = null;
        double bestDistance = Double.MAX_VALUE;
        for (FaceDetection c : candidates) {
            double d = Math.hypot(c.cx() - face.cx(), c.cy() - face.cy());
            if (d < Math.max(Math.max(face.width(), face.height()), Math.max(c.width(), c.height()))
                    && d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static FaceDetection between(FaceDetection a, FaceDetection b, double t) {
        double[] k = new double[a.keypoints().length];
        for (int i = 0; i < k.length; i++) {
            k[i] = a.keypoints()[i] + t * (b.keypoints()[i] - a.keypoints()[i]);
        }
        return new FaceDetection(a.cx() + t * (b.cx() - a.cx()), a.cy() + t * (b.cy() - a.cy()),
                Math.max(a.width(), b.width()), Math.max(a.height(), b.height()), k, Math.min(a.score(), b.score()));
    }
}
