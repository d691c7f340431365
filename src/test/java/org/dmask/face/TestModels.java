package org.dmask.face;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelSettings;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.video.FileVideoSource;
import org.dmask.video.VideoFrame;

/** Test support: one model registry over the models dmask installs (target/test-models) for all face tests, and clip decoding. */
final class TestModels {

    private static ModelRegistry registry;

    private TestModels() {
    }

    static synchronized ModelRegistry registry() {
        Path dir = InstallTestSupport.installedModels();
        if (registry == null) {
            registry = new ModelRegistry(new ModelSettings(List.of(dir), 1, 1, "cpu"));
        }
        return registry;
    }

    static FaceDetector detector() {
        return new FaceDetector(registry().session(FaceDetector.MODEL));
    }

    static FaceTracker tracker() {
        ModelRegistry r = registry();
        return new FaceTracker(detector(), new FaceLandmarker(r.session(FaceLandmarker.MODEL)));
    }

    static IrisLandmarker iris() {
        return new IrisLandmarker(registry().session(IrisLandmarker.MODEL));
    }

    static List<BgrImage> frames(Path clip) throws IOException {
        List<BgrImage> out = new ArrayList<>();
        try (FileVideoSource in = FileVideoSource.open(clip)) {
            VideoFrame frame = new VideoFrame(in.format().width(), in.format().height());
            while (in.read(frame)) {
                out.add(new BgrImage(frame.width(), frame.height(), frame.bgr().clone()));
            }
        }
        return out;
    }
}
