package org.dmask.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Re-identification of masked frames with the evaluation embedding. Probes come only from people seen in at least
 * two clips, and the probe's own clip is left out of the gallery, so a hit is a real re-identification across
 * recordings. Attack 1: masked probe against the original gallery. Attack 2 (Meeus et al. 2023, mask against
 * mask): masked probe against a gallery of the same method's masked frames of the other clips.
 */
public final class Privacy {

    /** One sampled frame's embeddings: original and, per method, masked. */
    public record Sample(LabelledClip clip, int frame, float[] original, Map<String, float[]> masked) {
    }

    /**
     * @param rank1Original  share of probes whose nearest original-gallery frame is the same person
     * @param rank1Masked    the same against the masked gallery
     * @param chance         1 / identities in the gallery
     * @param cosineOwn      cosine of each masked frame with its own original, sorted
     * @param byProbeClip    per probe clip, in clip order: {probes, hits vs original, hits vs masked}; frames of
     *                       one clip are far from independent, so this shows how many clips a rate rests on
     * @param probePeople    the people among the probes
     * @param chanceRule     which of the two below {@code chance} is
     * @param chanceIdentities   1 / identities in the gallery
     * @param chanceGalleryShare the mean, over the probes, of the share of the gallery's frames (probe's own clip
     *                           left out) that show the probe's person: the rank-1 rate of a matcher that picks a
     *                           gallery frame at random, which is lower than 1 / identities where people have
     *                           clips in unequal numbers
     */
    public record Result(String method, int probes, double rank1Original, double rank1Masked, double chance,
            double[] cosineOwn, Map<String, int[]> byProbeClip, int probePeople, Chance chanceRule,
            double chanceIdentities, double chanceGalleryShare) {

        /** 95% interval of {@link #rank1Original} ({@link #wilson95}). */
        public double[] rank1OriginalInterval() {
            return wilson95(rank1Original, probes);
        }

        /** 95% interval of {@link #rank1Masked} ({@link #wilson95}). */
        public double[] rank1MaskedInterval() {
            return wilson95(rank1Masked, probes);
        }

        /** 95% interval of {@link #rank1Original} with whole clips resampled ({@link #clipBootstrap95}). */
        public double[] rank1OriginalClipInterval() {
            return clipBootstrap95(byProbeClip, 1);
        }

        /** 95% interval of {@link #rank1Masked} with whole clips resampled ({@link #clipBootstrap95}). */
        public double[] rank1MaskedClipInterval() {
            return clipBootstrap95(byProbeClip, 2);
        }

        public double cosineOwnMean() {
            return Arrays.stream(cosineOwn).average().orElse(Double.NaN);
        }

        public double cosineOwnPercentile(double p) {
            if (cosineOwn.length == 0) {
                return Double.NaN;
            }
            return cosineOwn[(int) Math.min(cosineOwn.length - 1, Math.floor(p * cosineOwn.length))];
        }
    }

    /** Which chance level a data set's target is measured from. */
    public enum Chance {
        /** 1 / identities in the gallery (the signing clips, as first specified). */
        IDENTITIES,
        /** The share of the gallery that shows the probe's person ({@link Result#chanceGalleryShare}). */
        GALLERY_SHARE
    }

    private Privacy() {
    }

    /**
     * The Wilson score interval (95%) of a share measured over n trials: what the rank-1 rates can and cannot tell
     * apart. It takes the probes as independent; frames of one clip are not, so the real uncertainty is wider
     * ({@link #clipBootstrap95}). {NaN, NaN} for no trials.
     */
    public static double[] wilson95(double share, int n) {
        if (n <= 0 || Double.isNaN(share)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = 1.959964, z2 = z * z;
        double centre = (share + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(share * (1 - share) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        // The interval always holds the share; the clamp keeps rounding (1 - 1e-16 at a share of 1) from saying not.
        return new double[] {Math.max(0, Math.min(share, centre - half)), Math.min(1, Math.max(share, centre + half))};
    }

    /** Resamples of {@link #clipBootstrap95}, and its fixed seed (the report is reproducible). */
    static final int BOOTSTRAP_RESAMPLES = 4000;
    static final long BOOTSTRAP_SEED = 20221;

    /**
     * A 95% percentile bootstrap interval of a rank-1 rate that resamples whole probe clips, not frames: frames of
     * one clip share the person's look, light and pose, so the clip is the unit that varies. With few clips the
     * interval is coarse and wide, which is the honest answer. {NaN, NaN} for no probes.
     *
     * @param byClip per clip: {probes, hits vs original, hits vs masked} ({@link Result#byProbeClip})
     * @param column 1 for hits against the original gallery, 2 against the masked one
     */
    public static double[] clipBootstrap95(Map<String, int[]> byClip, int column) {
        int[][] clips = byClip.values().stream().filter(c -> c[0] > 0).toArray(int[][]::new);
        if (clips.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(BOOTSTRAP_SEED);
        double[] rates = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < rates.length; b++) {
            long probes = 0, hits = 0;
            for (int i = 0; i < clips.length; i++) {
                int[] c = clips[random.nextInt(clips.length)];
                probes += c[0];
                hits += c[column];
            }
            rates[b] = (double) hits / probes;
        }
        Arrays.sort(rates);
        return new double[] {rates[(int) Math.floor(0.025 * (rates.length - 1))],
            rates[(int) Math.ceil(0.975 * (rates.length - 1))]};
    }

    /** {@link #evaluate(String, List, Chance)} with chance = 1 / identities. */
    public static Result evaluate(String method, List<Sample> samples) {
        return evaluate(method, samples, Chance.IDENTITIES);
    }

    public static Result evaluate(String method, List<Sample> samples, Chance chanceRule) {
        int probes = 0, hitsOriginal = 0, hitsMasked = 0;
        double galleryShare = 0;
        double identities = samples.stream().map(s -> s.clip().person()).distinct().count();
        List<Double> own = new ArrayList<>();
        Map<String, int[]> byClip = new LinkedHashMap<>();
        Set<String> probePeople = new HashSet<>();
        for (Sample probe : samples) {
            float[] q = probe.masked().get(method);
            own.add(FaceEmbedder.cosine(q, probe.original()));
            boolean seenElsewhere = samples.stream().anyMatch(s -> !s.clip().equals(probe.clip())
                    && s.clip().person().equals(probe.clip().person()));
            if (!seenElsewhere) {
                continue;
            }
            probes++;
            long gallery = samples.stream().filter(s -> !s.clip().equals(probe.clip())).count();
            long same = samples.stream().filter(s -> !s.clip().equals(probe.clip())
                    && s.clip().person().equals(probe.clip().person())).count();
            galleryShare += (double) same / gallery;
            probePeople.add(probe.clip().person());
            int[] clip = byClip.computeIfAbsent(probe.clip().name(), k -> new int[3]);
            clip[0]++;
            if (nearest(q, samples, probe.clip(), null).equals(probe.clip().person())) {
                hitsOriginal++;
                clip[1]++;
            }
            if (nearest(q, samples, probe.clip(), method).equals(probe.clip().person())) {
                hitsMasked++;
                clip[2]++;
            }
        }
        double[] cos = own.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double share = probes == 0 ? Double.NaN : galleryShare / probes;
        return new Result(method, probes, probes == 0 ? Double.NaN : (double) hitsOriginal / probes,
                probes == 0 ? Double.NaN : (double) hitsMasked / probes,
                chanceRule == Chance.IDENTITIES ? 1 / identities : share, cos, Collections.unmodifiableMap(byClip),
                probePeople.size(), chanceRule, 1 / identities, share);
    }

    /** Mean cosine between original frames of different people: the embedding's floor. */
    public static double differentPersonMean(List<Sample> samples) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                if (!samples.get(i).clip().person().equals(samples.get(j).clip().person())) {
                    s += FaceEmbedder.cosine(samples.get(i).original(), samples.get(j).original());
                    n++;
                }
            }
        }
        return s / n;
    }

    /** The person of the gallery frame (other clips only) most similar to q; gallery masked by method, or original. */
    private static String nearest(float[] q, List<Sample> samples, LabelledClip exclude, String method) {
        double best = Double.NEGATIVE_INFINITY;
        String who = "";
        for (Sample g : samples) {
            if (g.clip().equals(exclude)) {
                continue;
            }
            float[] v = method == null ? g.original() : g.masked().get(method);
            double c = FaceEmbedder.cosine(q, v);
            if (c > best) {
                best = c;
                who = g.clip().person();
            }
        }
        return who;
    }
}
