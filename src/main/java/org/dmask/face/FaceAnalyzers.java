package org.dmask.face;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dmask.model.ModelRegistry;

/** CDI wrapper: builds a {@link FaceAnalyzer} per clip from the shared model sessions and {@link FaceConfig}. */
@ApplicationScoped
public class FaceAnalyzers {

    private final ModelRegistry models;
    private final FaceConfig config;
    private volatile CanonicalMesh mesh;

    @Inject
    public FaceAnalyzers(ModelRegistry models, FaceConfig config) {
        this.models = models;
        this.config = config;
    }

    /** A fresh analyzer (its own track and filters) for one clip; loads the models on first use. */
    public FaceAnalyzer newAnalyzer() {
        return create(models, config.minPresence(), config.detectionMinScore(),
                config.smoothing(), mesh());
    }

    /** Without CDI: the same wiring from a registry and explicit settings. */
    public static FaceAnalyzer create(ModelRegistry models, double minPresence, double detectionMinScore,
            boolean smoothing, CanonicalMesh mesh) {
        FaceDetector detector = new FaceDetector(models.session(FaceDetector.MODEL), detectionMinScore, 0.3);
        FaceTracker tracker = new FaceTracker(detector, new FaceLandmarker(models.session(FaceLandmarker.MODEL)),
                minPresence);
        return new FaceAnalyzer(tracker, new IrisLandmarker(models.session(IrisLandmarker.MODEL)),
                new PoseFitter(mesh), smoothing);
    }

    public static CanonicalMesh loadMesh(ModelRegistry models) {
        try {
            return CanonicalMesh.read(models.path(CanonicalMesh.MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CanonicalMesh mesh() {
        if (mesh == null) {
            mesh = loadMesh(models);
        }
        return mesh;
    }
}
