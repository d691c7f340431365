package org.dmask.pixel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OcrProbeTest {
    @Test
    void probe() throws Exception {
        try (TextDetector d = new TextDetector(Path.of("/tmp/engtgz/package/4.0.0_best_int/eng.traineddata"))) {
            TextFinder finder = new TextFinder(d);
            int planted = 0, cleaned = 0; long blanked = 0, without = 0; double ms = 0; int n = 0;
            for (int s = 0; s < 8; s++) {
                for (PlantedText.Background bg : PlantedText.Background.values()) {
                    PlantedText.Frame f = PlantedText.frame(640, 480, s % 2 == 0, bg, s);
                    long t0 = System.nanoTime();
                    var regions = finder.find(f.grey(), f.width(), f.height());
                    ms += (System.nanoTime() - t0) / 1e6; n++;
                    Scoring.Score sc = Scoring.score(f, Scoring.mask(regions, f.width(), f.height()));
                    planted += sc.planted(); cleaned += sc.cleaned(); blanked += sc.blanked(); without += sc.blankedWithoutText();
                    if (!sc.missed().isEmpty()) System.out.println("seed " + s + " " + bg + " missed " + sc.missed());
                }
            }
            System.out.printf("recall %d/%d, blanked %d px, %d without text, %.0f ms/frame%n", cleaned, planted, blanked, without, ms / n);
        }
    }
}
