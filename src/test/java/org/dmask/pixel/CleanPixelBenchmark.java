package org.dmask.pixel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelResolver;
import org.dmask.video.VideoSettings;

/**
 * Clean Pixel Data, measured on frames made with {@link PlantedText} (fixed seeds): detection recall (a planted word
 * counts as found when every pixel of its ink is blanked), false blanking (blanked pixels farther than one text height
 * from any planted word, as a share of the frame, and blanked boxes touching no planted word), and speed at 640x480
 * and 1280x720: still frames (every frame read by OCR) and an H.264 video read every 10th frame (decode twice, OCR,
 * blank, re-encode). A benchmark, not a test: run it with {@code tools/bench/bench-clean-pixels.sh}.
 *
 * <p>usage: {@code CleanPixelBenchmark WORK_DIR TRAINEDDATA [SEEDS]} (TRAINEDDATA is installed there when missing)
 */
public final class CleanPixelBenchmark {

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path traineddata = Path.of(args[1]);
        if (!Files.exists(traineddata)) { // installed as dmask installs it, from the pinned npm package
            Path dir = traineddata.toAbsolutePath().getParent();
            new org.dmask.model.install.NpmModelInstaller(ModelManifest.bundled(),
                    new org.dmask.model.install.NpmModelInstaller.Settings(
                            new org.dmask.model.ModelSettings(List.of(dir), 0, 0, "cpu"), dir,
                            Path.of(System.getProperty("user.home"), ".cache", "dmask", "npm"),
                            java.net.URI.create("https://registry.npmjs.org"), java.util.Optional.empty()),
                    null, System.out::println).installFor(ModelManifest.bundled().get(PixelCleaners.TRAINEDDATA));
        }
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String pinned = ModelManifest.bundled().get(PixelCleaners.TRAINEDDATA).sha256();
        if (!ModelResolver.sha256(traineddata).equals(pinned)) {
            throw new IllegalStateException(traineddata + " is not the pinned tesseract-eng");
        }
        System.out.printf(Locale.ROOT, "cpu: %d cores; seeds %d per case%n", Runtime.getRuntime().availableProcessors(),
                seeds);
        try (TextDetector detector = new TextDetector(traineddata)) {
            TextFinder finder = new TextFinder(detector);
            detector.words(new byte[640 * 480], 640, 480); // warm-up
            for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
                int w = size[0];
                int h = size[1];
                int planted = 0;
                int cleaned = 0;
                long blankedFar = 0;
                long frameArea = 0;
                int boxes = 0;
                int boxesWithoutText = 0;
                long nanos = 0;
                int frames = 0;
                List<String> missed = new ArrayList<>();
                for (boolean colour : new boolean[] {false, true}) {
                    for (PlantedText.Background bg : PlantedText.Background.values()) {
                        int casePlanted = 0;
                        int caseCleaned = 0;
                        for (int s = 0; s < seeds; s++) {
                            PlantedText.Frame f = PlantedText.frame(w, h, colour, bg, 10_000 + s);
                            byte[] grey = f.grey();
                            long t0 = System.nanoTime();
                            List<Region> regions = finder.find(grey, w, h);
                            nanos += System.nanoTime() - t0;
                            frames++;
                            Scoring.Score sc = Scoring.score(f, Scoring.mask(regions, w, h));
                            casePlanted += sc.planted();
                            caseCleaned += sc.cleaned();
                            blankedFar += sc.blankedWithoutText();
                            frameArea += (long) w * h;
                            for (Region r : regions) {
                                boxes++;
                                boolean touches = false;
                                for (PlantedText.Word word : f.words()) {
                                    touches |= word.ink().overlap(r) > 0;
                                }
                                boxesWithoutText += touches ? 0 : 1;
                            }
                            sc.missed().forEach(m -> missed.add(m + (colour ? " colour " : " grey ") + bg));
                        }
                        planted += casePlanted;
                        cleaned += caseCleaned;
                        System.out.printf(Locale.ROOT, "%dx%d %s %s: recall %d/%d words (%.1f%%)%n", w, h,
                                colour ? "colour" : "grey", bg.name().toLowerCase(Locale.ROOT), caseCleaned,
                                casePlanted, 100.0 * caseCleaned / casePlanted);
                    }
                }
                System.out.printf(Locale.ROOT, "%dx%d: recall %d/%d words (%.1f%%); false blanking %.3f%% of the"
                        + " frame area, %d of %d boxes touch no planted word; still frames %.2f frames/s"
                        + " (%.0f ms a frame)%n", w, h, cleaned, planted, 100.0 * cleaned / planted,
                        100.0 * blankedFar / frameArea, boxesWithoutText, boxes, frames / (nanos / 1e9),
                        nanos / 1e6 / frames);
                if (!missed.isEmpty()) {
                    System.out.println("  missed: " + missed);
                }
            }
        }
        // video: 100 frames, the text static, the picture's noise changing every frame, OCR every 10th frame
        PixelCleaner cleaner = new PixelCleaner(new PixelCleaner.Settings(() -> traineddata, RegionTemplates.NONE,
                true, 10, VideoSettings.defaults().withTempDirectory(work)));
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            List<PlantedText.Frame> frames = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                frames.add(PlantedText.frame(size[0], size[1], true, PlantedText.Background.TEXTURED, 20_000, i));
            }
            Path in = PixelFixtures.video(frames, work.resolve("video-" + size[0] + ".dcm"), work);
            Path out = work.resolve("video-" + size[0] + "-clean.dcm");
            long t0 = System.nanoTime();
            PixelCleaner.Result r = cleaner.clean(in, out);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "video %dx%d H.264, %d frames, %d read by OCR: %.2f s, %.1f frames/s%n",
                    size[0], size[1], r.frames(), r.framesRead(), s, r.frames() / s);
        }
    }
}
