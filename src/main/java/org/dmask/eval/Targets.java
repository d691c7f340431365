package org.dmask.eval;

/** The targets ("What must be shown"). */
public final class Targets {

    public static final double GAZE_CORRELATION = 0.95;
    public static final double GAZE_MAE_DEG = 2.0;
    public static final double BLINK_F1 = 0.95;
    public static final double NYSTAGMUS_ERROR_HZ = 0.2;
    public static final double LID_CORRELATION = 0.9;
    /** Rank-1 re-identification may exceed chance by at most this much (5 percentage points). */
    public static final double RANK1_OVER_CHANCE = 0.05;
    /** Mean cosine masked-vs-own-original must stay below the different-person mean plus this. */
    public static final double COSINE_OVER_DIFFERENT = 0.1;

    private Targets() {
    }

    public static boolean fidelityMet(EyeFidelity f) {
        return f.gazeCorrelation() >= GAZE_CORRELATION && f.gazeMaeDeg() <= GAZE_MAE_DEG
                && f.blinks().f1() >= BLINK_F1 && f.nystagmusErrorHz() <= NYSTAGMUS_ERROR_HZ
                && f.lidCorrelation() >= LID_CORRELATION;
    }

    public static boolean privacyMet(Privacy.Result p, double differentPersonMean) {
        return p.rank1Original() <= p.chance() + RANK1_OVER_CHANCE && p.rank1Masked() <= p.chance() + RANK1_OVER_CHANCE
                && p.cosineOwnMean() < differentPersonMean + COSINE_OVER_DIFFERENT;
    }
}
