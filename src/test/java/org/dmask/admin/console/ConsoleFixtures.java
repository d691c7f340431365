package org.dmask.admin.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFixtures;

/** Test data of the console tests: a short real face clip as a DICOM video, and listing a folder. */
final class ConsoleFixtures {

    private ConsoleFixtures() {
    }

    /** {@code frames} frames of the shared ASL clip (a face, 640x480, 30 fps) as Video Photographic, H.264 HP 4.1. */
    static Path faceVideo(Path dir, int frames) {
        Peers.require("ffmpeg", "ffmpeg");
        try {
            Files.createDirectories(dir);
            Path mp4 = dir.resolve("face.mp4");
            VideoFixtures.ffmpeg("-y", "-i", Peers.shared("media/asl_again.mkv").toString(), "-frames:v",
                    Integer.toString(frames), "-an", "-c:v", "libx264", "-profile:v", "high", "-level", "4.1",
                    "-pix_fmt", "yuv420p", "-crf", "18", mp4.toString());
            return VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, frames,
                    new FrameRate(30, 1), 640, 480, dir.resolve("face.dcm"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every file below {@code dir} (none when it does not exist). */
    static List<Path> filesBelow(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }
}
