package org.dmask.eval;

import java.nio.file.Path;
import java.util.List;
import org.dmask.face.CanonicalMesh;
import org.dmask.face.FaceAnalyzers;
import org.dmask.testing.Peers;
import org.dmask.model.ModelRegistry;
import org.dmask.model.ModelSettings;
import org.dmask.model.install.InstallTestSupport;

/** Test support: one registry over the installed models (sha256-checked through the manifest) for the eval tests; the evaluation-only recognizer from ../shared/models/eval. */
final class EvalModels {

    private static ModelRegistry registry;
    private static CanonicalMesh mesh;

    private EvalModels() {
    }

    static synchronized ModelRegistry registry() {
        if (registry == null) {
            // The evaluation-only recognizer lives in its own folder, as dmask.model.eval-dir keeps it.
            registry = new ModelRegistry(new ModelSettings(List.of(InstallTestSupport.installedModels()), 1, 1, "cpu",
                    java.util.Optional.of(Peers.shared("models/eval"))));
        }
        return registry;
    }

    static synchronized CanonicalMesh mesh() {
        if (mesh == null) {
            mesh = FaceAnalyzers.loadMesh(registry());
        }
        return mesh;
    }

    static Path media() {
        return Peers.shared("media");
    }
}
