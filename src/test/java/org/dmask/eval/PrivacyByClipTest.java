package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The rank-1 rates broken down by probe clip: which clips, and how many people, a rate rests on. */
@SlowTest
class PrivacyByClipTest {

    private static float[] unit(int axis) {
        float[] v = new float[4];
        v[axis] = 1;
        return v;
    }

    @Test
    void everyProbeIsCountedUnderItsOwnClip() {
        // Person a in two clips, b in two, c in one (never a probe). The "mask" keeps a's identity (axis 0) and
        // gives b and c c's vector (axis 3); c comes first in the gallery, so b's probes find c in both attacks.
        LabelledClip a1 = new LabelledClip("a1", Path.of("a1"), "a"), a2 = new LabelledClip("a2", Path.of("a2"), "a");
        LabelledClip b1 = new LabelledClip("b1", Path.of("b1"), "b"), b2 = new LabelledClip("b2", Path.of("b2"), "b");
        LabelledClip c1 = new LabelledClip("c1", Path.of("c1"), "c");
        List<Privacy.Sample> samples = new ArrayList<>();
        int frame = 0;
        for (LabelledClip clip : List.of(c1, a1, a2, b1, b2)) {
            boolean isA = clip.person().equals("a");
            int frames = clip == b2 ? 3 : 2;
            for (int i = 0; i < frames; i++) {
                samples.add(new Privacy.Sample(clip, frame++, unit(isA ? 0 : clip.person().equals("b") ? 2 : 3),
                        Map.of("m", unit(isA ? 0 : 3))));
            }
        }
        Privacy.Result r = Privacy.evaluate("m", samples);

        assertEquals(List.of("a1", "a2", "b1", "b2"), List.copyOf(r.byProbeClip().keySet()), "c is never a probe");
        assertEquals(2, r.probePeople());
        assertEquals(9, r.probes());
        assertArrayEquals(new int[] {2, 2, 2}, r.byProbeClip().get("a1"));
        assertArrayEquals(new int[] {2, 2, 2}, r.byProbeClip().get("a2"));
        assertArrayEquals(new int[] {2, 0, 0}, r.byProbeClip().get("b1"));
        assertArrayEquals(new int[] {3, 0, 0}, r.byProbeClip().get("b2"));
        assertEquals(4 / 9.0, r.rank1Masked(), 1e-9);
        int hitsMasked = 0, hitsOriginal = 0;
        for (int[] n : r.byProbeClip().values()) {
            hitsOriginal += n[1];
            hitsMasked += n[2];
        }
        assertEquals(r.rank1Masked() * r.probes(), hitsMasked, 1e-9);
        assertEquals(r.rank1Original() * r.probes(), hitsOriginal, 1e-9);

        // Chance: 1 / 3 identities; by gallery share, a1's and a2's probes see 2 of 9 gallery frames of a, b1's 3 of
        // 9 of b, b2's 2 of 8.
        double share = (4 * 2 / 9.0 + 2 * 3 / 9.0 + 3 * 2 / 8.0) / 9;
        assertEquals(1 / 3.0, r.chance(), 1e-12);
        assertEquals(1 / 3.0, r.chanceIdentities(), 1e-12);
        assertEquals(share, r.chanceGalleryShare(), 1e-12);
        Privacy.Result byShare = Privacy.evaluate("m", samples, Privacy.Chance.GALLERY_SHARE);
        assertEquals(share, byShare.chance(), 1e-12);
        assertEquals(r.rank1Masked(), byShare.rank1Masked(), 0);
    }
}
