package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.face.FaceDetector;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * The evaluation embedding separates the ASL identities: frames of the same person (within a clip and across the
 * person's two clips) are far more similar than frames of different people.
 */
@SlowTest
class FaceEmbedderTest {

    static final int FRAMES_PER_CLIP = 4;

    record Embedded(LabelledClip clip, int frame, float[] v) {
    }

    @Test
    void samePersonIsClearlyMoreSimilarThanDifferentPeople() throws Exception {
        FaceEmbedder embedder = FaceEmbedder.load(EvalModels.registry());
        FaceDetector detector = new FaceDetector(EvalModels.registry().session(FaceDetector.MODEL));
        List<Embedded> all = new ArrayList<>();
        List<LabelledClip> clips = IdentityLabels.read(EvalModels.media());
        assertEquals(8, clips.size(), "8 labelled ASL clips");
        assertEquals(5, clips.stream().map(LabelledClip::person).distinct().count(), "5 people");
        for (LabelledClip clip : clips) {
            for (FrameSampler.Sampled s : FrameSampler.spread(FrameSampler.all(clip.file()), FRAMES_PER_CLIP)) {
                List<FaceDetection> faces = detector.detect(s.image());
                assertTrue(!faces.isEmpty(), clip.name() + " frame " + s.index() + ": no face");
                float[] v = embedder.embed(s.image(), faces.get(0).keypoints());
                assertEquals(512, v.length);
                assertEquals(1.0, FaceEmbedder.cosine(v, v), 1e-4, "unit length");
                all.add(new Embedded(clip, s.index(), v));
            }
        }
        double sameClip = 0, sameCross = 0, diff = 0, diffMax = -1;
        int nClip = 0, nCross = 0, nDiff = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Embedded a = all.get(i), b = all.get(j);
                double c = FaceEmbedder.cosine(a.v(), b.v());
                if (!a.clip().person().equals(b.clip().person())) {
                    diff += c;
                    nDiff++;
                    diffMax = Math.max(diffMax, c);
                } else if (a.clip().equals(b.clip())) {
                    sameClip += c;
                    nClip++;
                } else {
                    sameCross += c;
                    nCross++;
                }
            }
        }
        sameClip /= nClip;
        sameCross /= nCross;
        diff /= nDiff;
        System.out.printf(Locale.ROOT, "ArcFace on ASL clips: same person same clip %.3f (%d pairs), same person other"
                + " clip %.3f (%d pairs), different people %.3f (%d pairs, max %.3f)%n", sameClip, nClip, sameCross,
                nCross, diff, nDiff, diffMax);
        assertTrue(sameClip > diff + 0.3, "same-clip mean " + sameClip + " vs different-person " + diff);
        assertTrue(sameCross > diff + 0.1, "same person across clips " + sameCross + " vs different " + diff);
    }

    @Test
    void similarityFitRecoversAKnownTransform() {
        SimilarityTransform known = new SimilarityTransform(0.8, 0.3, 12, -5);
        double[] dst = new double[FaceEmbedder.TEMPLATE.length];
        for (int i = 0; i < FaceEmbedder.TEMPLATE.length / 2; i++) {
            double[] p = known.apply(FaceEmbedder.TEMPLATE[2 * i], FaceEmbedder.TEMPLATE[2 * i + 1]);
            dst[2 * i] = p[0];
            dst[2 * i + 1] = p[1];
        }
        SimilarityTransform fit = SimilarityTransform.fit(FaceEmbedder.TEMPLATE, dst);
        assertEquals(0.8, fit.a(), 1e-9);
        assertEquals(0.3, fit.b(), 1e-9);
        assertEquals(12, fit.tx(), 1e-9);
        assertEquals(-5, fit.ty(), 1e-9);
        double[] back = fit.inverse().apply(dst[0], dst[1]);
        assertEquals(FaceEmbedder.TEMPLATE[0], back[0], 1e-9);
    }
}
