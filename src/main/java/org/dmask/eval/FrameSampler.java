package org.dmask.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.face.BgrImage;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;

/** Decodes a clip and keeps {@code count} frames spread evenly over it (all of them when count ≤ 0). */
public final class FrameSampler {

    public record Sampled(int index, BgrImage image) {
    }

    private FrameSampler() {
    }

    public static List<BgrImage> all(Path clip) throws IOException {
        List<BgrImage> out = first(clip, 0);
        if (out.isEmpty()) {
            throw new IOException(clip + ": no frames");
        }
        return out;
    }

    /** The first {@code max} frames of a video file (all of them when max ≤ 0), each a copy of its own. */
    public static List<BgrImage> first(Path clip, int max) throws IOException {
        List<BgrImage> out = new ArrayList<>();
        try (FileVideoSource in = FileVideoSource.open(clip)) {
            VideoFrame frame = new VideoFrame(in.format().width(), in.format().height());
            while ((max <= 0 || out.size() < max) && in.read(frame)) {
                out.add(image(frame));
            }
        }
        return out;
    }

    /** A copy of the frame's pixels: the source fills the same frame again on the next read. */
    public static BgrImage image(VideoFrame frame) {
        return new BgrImage(frame.width(), frame.height(), frame.bgr().clone());
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
