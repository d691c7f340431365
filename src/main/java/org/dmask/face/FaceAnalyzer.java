package org.dmask.face;

/**
 * The per-frame pipeline: track the face, refine both eyes, fit the pose, compute the eye signals, and stabilise
 * the gaze with a motion-adaptive filter that lets nystagmus through. One instance per clip (it keeps the track
 * and the filters).
 *
 * <p>Two stages with separate state: {@link #track} (the face track, the 468-point mesh) and {@link #measure}
 * (the eyes, pose, signals and filters). Each stage must see the frames in order, but the two may run on different
 * threads, so that frame n's eyes are measured while frame n+1 is tracked: the track of the next frame needs only
 * this frame's landmarks, never its eyes. {@link #analyze} runs both, one after the other.
 */
public final class FaceAnalyzer {

    /** Timings of the last frame's stages, nanoseconds (for the benchmark). */
    public record StageTimes(long track, long eyes, long poseAndSignals) {
    }

    private final FaceTracker tracker;
    private final IrisLandmarker iris;
    private final PoseFitter fitter;
    private final boolean smoothing;
    private final MotionFilter[] filters = new MotionFilter[8];
    /** Live neutral shape: moves at most 0.2 mm per frame toward each new frame (a running median). */
    private final NeutralShape.Running neutral = new NeutralShape.Running(0.02);
    private double lastTime = Double.NaN;
    private int index;
    private StageTimes lastTimes = new StageTimes(0, 0, 0);

    public FaceAnalyzer(FaceTracker tracker, IrisLandmarker iris, PoseFitter fitter, boolean smoothing) {
        this.tracker = tracker;
        this.iris = iris;
        this.fitter = fitter;
        this.smoothing = smoothing;
        for (int i = 0; i < filters.length; i++) {
            // per eye: gaze h, gaze v in degrees; iris x, y in corner distances (1 degree is about 0.007 of them)
            filters[i] = i % 4 < 2 ? MotionFilter.forDegrees() : MotionFilter.forUnit(0.007);
        }
    }

    /** A frame's face track, the first stage's result, with the time it took. */
    public record Tracked(FaceTracker.Step step, long nanos) {
    }

    public FrameAnalysis analyze(BgrImage frame, double timeS) {
        return measure(frame, track(frame), timeS);
    }

    /** Stage one: the face track for the next frame in order. Touches only the tracker. */
    public Tracked track(BgrImage frame) {
        long t0 = System.nanoTime();
        FaceTracker.Step step = tracker.next(frame);
        return new Tracked(step, System.nanoTime() - t0);
    }

    /**
     * Stage two: eyes, pose and signals of the frame that {@code tracked} came from, frames in the same order as
     * {@link #track}. Touches only the eye model, the filters and the running neutral shape.
     */
    public FrameAnalysis measure(BgrImage frame, Tracked tracked, double timeS) {
        FaceTracker.Step step = tracked.step();
        long t1 = System.nanoTime();
        int i = index++;
        double dt = Double.isNaN(lastTime) ? 0 : timeS - lastTime;
        lastTime = timeS;
        if (!step.tracked()) {
            for (MotionFilter f : filters) {
                f.filter(Double.NaN, dt);
            }
            lastTimes = new StageTimes(tracked.nanos(), 0, 0);
            return FrameAnalysis.lost(i, timeS);
        }
        FaceLandmarks lm = step.landmarks();
        EyeLandmarks right = iris.rightEye(frame, lm);
        EyeLandmarks left = iris.leftEye(frame, lm);
        long t2 = System.nanoTime();
        double[] camera = PoseFitter.cameraPoints(lm);
        HeadPose pose = fitter.fit(camera);
        double[] canonical = PoseFitter.toCanonical(pose, camera);
        // The lids' ruler: each eye's canonical width as the pose draws it (EyeSignalCalculator).
        double rightWidth = fitter.projectedDistance(pose, FaceLandmarks.RIGHT_EYE_OUTER,
                FaceLandmarks.RIGHT_EYE_INNER);
        double leftWidth = fitter.projectedDistance(pose, FaceLandmarks.LEFT_EYE_OUTER, FaceLandmarks.LEFT_EYE_INNER);
        EyeSignals rs = stabilise(EyeSignalCalculator.compute(right, pose, rightWidth), 0, dt);
        EyeSignals ls = stabilise(EyeSignalCalculator.compute(left, pose, leftWidth), 4, dt);
        long t3 = System.nanoTime();
        lastTimes = new StageTimes(tracked.nanos(), t2 - t1, t3 - t2);
        double live = ClipAnalysis.rms(NeutralShape.residual(canonical, neutral.update(canonical)));
        return new FrameAnalysis(i, timeS, step.detected(), lm, pose, right, left, rs, ls, canonical, live);
    }

    /** The face tracker of stage one (for {@link FaceCensus}, which runs beside it on the same thread). */
    public FaceTracker tracker() {
        return tracker;
    }

    /** A scene cut: the track ends, and the next {@link #track} starts from the detector. */
    public void sceneCut() {
        tracker.reset();
    }

    public StageTimes lastStageTimes() {
        return lastTimes;
    }

    /** Gaze (degrees) and iris offset (corner distances) through their motion filters. */
    private EyeSignals stabilise(EyeSignals s, int base, double dt) {
        if (!smoothing) {
            return s;
        }
        double h = filters[base].filter(s.gazeH(), dt);
        double v = filters[base + 1].filter(s.gazeV(), dt);
        double ix = filters[base + 2].filter(s.irisX(), dt);
        double iy = filters[base + 3].filter(s.irisY(), dt);
        return s.withGaze(ix, iy, h, v);
    }
}
