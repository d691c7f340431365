package org.dmask.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.cli.ClipFrames;
import org.dmask.face.BgrImage;

/** Decodes a clip and keeps {@code count} frames spread evenly over it (all of them when count ≤ 0). */
public final class FrameSampler {

    public record Sampled(int index, BgrImage image) {
    }

    private FrameSampler() {
    }

    public static List<BgrImage> all(Path clip) throws IOException {
        List<BgrImage> out = new ArrayList<>();
        try (ClipFrames frames = new ClipFrames(clip)) {
            for (BgrImage f; (f = frames.next()) != null; ) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(clip + ": no frames");
        }
        return out;
    }

    public static List<Sampled> spread(List<BgrImage> frames, int count) {
        List<Sampled> out = new ArrayList<>();
        int n = frames.size();
        int k = count <= 0 ? n : Math.min(count, n);
        for (int i = 0; i < k; i++) {
            int index = (int) Math.round((i + 0.5) * n / k - 0.5);
            out.add(new Sampled(index, frames.get(index)));
        }
        return out;
    }
}
