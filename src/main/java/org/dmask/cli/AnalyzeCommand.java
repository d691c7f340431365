package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmask.face.BgrImage;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FaceAnalyzers;
import org.dmask.face.FrameAnalysis;
import org.dmask.eval.report.ContactSheet;
import org.dmask.eval.report.SignalFiles;
import org.dmask.eval.report.SignalPlot;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;
import org.dmask.model.ModelNotAvailableException;

/**
 * {@code dmask analyze VIDEO [--out DIR]}: tracks the face through a clip and writes the per-frame eye signals
 * (CSV, JSON), a plot of them over time, and a contact sheet of frames with the landmarks drawn.
 */
@ApplicationScoped
public class AnalyzeCommand implements DmaskCommand {

    static final String USAGE = "dmask analyze VIDEO [--out DIR]";
    private static final int SHEET_FRAMES = 12;
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Inject
    FaceAnalyzers analyzers;

    @Override
    public String name() {
        return "analyze";
    }

    @Override
    public String summary() {
        return "track the face in a video and write its eye signals (CSV, JSON, plot, contact sheet)";
    }

    @Override
    public String usage() {
        return USAGE + "\n"
                + "  --out DIR   where to write signals.csv, signals.json, eye-signals.png and contact-sheet.png\n"
                + "              (default: NAME-analysis beside the current directory's files, NAME = VIDEO without"
                + " extension)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        Path video = null;
        Path outDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--out")) {
                if (i + 1 >= args.size()) {
                    throw CommandException.usage("--out needs a directory (usage: " + USAGE + ")");
                }
                outDir = Path.of(args.get(++i));
            } else if (a.startsWith("-") && a.length() > 1) {
                throw CommandException.usage("unknown option '" + a + "' (usage: " + USAGE + ")");
            } else if (video != null) {
                throw CommandException.usage("one video at a time, got '" + video + "' and '" + a + "' (usage: "
                        + USAGE + ")");
            } else {
                video = Path.of(a);
            }
        }
        if (video == null) {
            throw CommandException.usage("no video given (usage: " + USAGE + ")");
        }
        if (outDir == null) {
            String name = video.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            outDir = Path.of(name + "-analysis");
        }
        try {
            return analyze(video, outDir, out, err);
        } catch (NoSuchFileException e) {
            throw CommandException.failed(video + ": no such file");
        } catch (ModelNotAvailableException e) {
            throw CommandException.failed(e.getMessage());
        }
    }

    private int analyze(Path video, Path outDir, PrintStream out, PrintStream err) throws IOException {
        List<FrameAnalysis> frames = new ArrayList<>();
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        double fps;
        int width, height;
        try (FileVideoSource clip = FileVideoSource.open(video)) {
            fps = clip.format().frameRate().fps();
            width = clip.format().width();
            height = clip.format().height();
            int hint = (int) Math.max(0, Math.min(Integer.MAX_VALUE, clip.format().frameCount()));
            // Frames for the contact sheet are kept as they pass: evenly spread when the length is known.
            Set<Integer> keep = new HashSet<>(ContactSheet.pick(hint, SHEET_FRAMES));
            int every = hint > 0 ? 0 : 15;
            FaceAnalyzer analyzer = analyzers.newAnalyzer();
            long start = System.nanoTime(), lastReport = start;
            VideoFrame decoded = new VideoFrame(width, height);
            while (clip.read(decoded)) {
                // a copy: the contact sheet keeps some frames while the source refills the decoded one
                BgrImage frame = new BgrImage(width, height, decoded.bgr().clone());
                int i = frames.size();
                FrameAnalysis a = analyzer.analyze(frame, i / fps);
                frames.add(a);
                if (keep.contains(i) || (every > 0 && i % every == 0 && tiles.size() < 200)) {
                    tiles.add(new ContactSheet.Tile(frame, a));
                }
                long now = System.nanoTime();
                if (now - lastReport > PROGRESS_NANOS) {
                    lastReport = now;
                    err.printf(Locale.ROOT, "dmask analyze: frame %d%s, %.1f frames/s%n", i + 1,
                            hint > 0 ? "/" + hint : "", (i + 1) / ((now - start) / 1e9));
                }
            }
        }
        if (frames.isEmpty()) {
            throw CommandException.failed(video + ": no frames");
        }
        if (tiles.size() > SHEET_FRAMES) {
            List<ContactSheet.Tile> fewer = new ArrayList<>();
            for (int k : ContactSheet.pick(tiles.size(), SHEET_FRAMES)) {
                fewer.add(tiles.get(k));
            }
            tiles = fewer;
        }
        ClipAnalysis clip = new ClipAnalysis(frames, fps);
        Files.createDirectories(outDir);
        String title = video.getFileName().toString();
        SignalFiles.writeCsv(clip, outDir.resolve("signals.csv"));
        SignalFiles.writeJson(clip, title, width, height, outDir.resolve("signals.json"));
        SignalPlot.write(clip, title + ": eye signals", outDir.resolve("eye-signals.png"));
        ContactSheet.write(tiles, title + ": landmarks (green mesh, blue right eye, red left eye, yellow iris)",
                outDir.resolve("contact-sheet.png"));
        ClipAnalysis.Summary s = clip.summary();
        out.printf(Locale.ROOT, "%s: %d frames at %.2f fps, face tracked in %.1f%%%n", video, s.frames(), fps,
                100 * s.trackedFraction());
        out.printf(Locale.ROOT, "blinks: right %d, left %d (%.1f and %.1f per minute)%n", s.blinksRight(),
                s.blinksLeft(), s.blinkRatePerMinRight(), s.blinkRatePerMinLeft());
        out.printf(Locale.ROOT, "dominant horizontal oscillation: right %.1f Hz %.2f deg, left %.1f Hz %.2f deg%n",
                s.nystagmusRight().frequencyHz(), s.nystagmusRight().amplitude(), s.nystagmusLeft().frequencyHz(),
                s.nystagmusLeft().amplitude());
        out.printf(Locale.ROOT, "deviation between the eyes (right - left): %.1f deg horizontal, %.1f deg vertical%n",
                s.deviationHDeg(), s.deviationVDeg());
        out.println("wrote " + outDir.resolve("signals.csv") + ", signals.json, eye-signals.png, contact-sheet.png");
        return s.trackedFraction() > 0 ? 0 : 1;
    }
}
