package org.dmask.pixel;

import java.util.List;

/** Scores a cleaning against the planted words: which words lost all their ink, and how much else was blanked. */
final class Scoring {

    /** {@code planted}, {@code cleaned} words; pixels blanked that no planted word's box holds. */
    record Score(int planted, int cleaned, long blanked, long blankedWithoutText, List<String> missed) {
    }

    private Scoring() {
    }

    /**
     * @param blanked y * width + x: whether the cleaning blanked that pixel
     */
    static Score score(PlantedText.Frame f, boolean[] blanked) {
        boolean[] ink = f.ink();
        int cleaned = 0;
        java.util.List<String> missed = new java.util.ArrayList<>();
        boolean[] textBox = new boolean[blanked.length];
        for (PlantedText.Word w : f.words()) {
            Region r = w.ink();
            boolean all = true;
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    int i = y * f.width() + x;
                    all &= !ink[i] || blanked[i];
                }
            }
            // a word's box, grown by its height: blanking there covers text, not background
            Region around = r.grown(Math.max(4, r.height()), f.width(), f.height());
            for (int y = around.y(); y < around.y() + around.height(); y++) {
                for (int x = around.x(); x < around.x() + around.width(); x++) {
                    textBox[y * f.width() + x] = true;
                }
            }
            if (all) {
                cleaned++;
            } else {
                missed.add(w.text());
            }
        }
        long total = 0;
        long without = 0;
        for (int i = 0; i < blanked.length; i++) {
            if (blanked[i]) {
                total++;
                if (!textBox[i]) {
                    without++;
                }
            }
        }
        return new Score(f.words().size(), cleaned, total, without, missed);
    }

    static boolean[] mask(List<Region> regions, int width, int height) {
        boolean[] m = new boolean[width * height];
        for (Region r : regions) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                java.util.Arrays.fill(m, y * width + r.x(), y * width + r.x() + r.width(), true);
            }
        }
        return m;
    }
}
