package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmask.eval.report.EvaluationReport;
import org.dmask.eval.report.EvaluationSummary;
import org.dmask.face.FaceAnalyzers;
import org.dmask.face.FaceDetector;
import org.dmask.mask.MaskMode;
import org.dmask.mask.MaskTestSupport;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity test across occasions on a subset: obama (2 photos), biden (2) and lin_manuel_miranda (1, a
 * distractor), each photo a 10-frame clip, 3 frames of each embedded; both mask modes and the face box removed. The
 * full set runs in {@code dmask evaluate} (conformance/mask-evaluation.md).
 */
@SlowTest
class IdentityAcrossOccasionsTest {

    private static final Set<String> SUBSET = Set.of("obama_1", "obama_2", "biden_1", "biden_2",
            "lin_manuel_miranda_1");

    @Test
    void photosOfOnePersonAreFoundAcrossOccasionsUnmaskedAndTheMaskedRunIsReported(@TempDir Path dir)
            throws IOException {
        List<LabelledClip> photos = IdentityLabels.photos(Peers.shared("media/identities")).stream()
                .filter(p -> SUBSET.contains(p.name())).toList();
        assertEquals(5, photos.size());
        Evaluation evaluation = new Evaluation(new FaceDetector(EvalModels.registry().session(FaceDetector.MODEL)),
                FaceEmbedder.load(EvalModels.registry()),
                () -> FaceAnalyzers.create(EvalModels.registry(), 0.5, 0.6, true, EvalModels.mesh()),
                new PrintStream(OutputStream.nullOutputStream()));
        List<ClipMasker> maskers = List.of(new DigitalMaskMasker(MaskTestSupport.pipeline(1.0), MaskMode.FULL, dir),
                new DigitalMaskMasker(MaskTestSupport.pipeline(1.0), MaskMode.FACE, dir),
                ClipMasker.of(Baseline.REMOVE));
        Evaluation.PrivacySet set = evaluation.photos(photos, maskers, dir.resolve("clips"), 10, 3);
        for (Privacy.Result r : set.privacy()) {
            System.out.printf(Locale.ROOT, "%s: %d probes, rank-1 %.3f vs original, %.3f mask vs mask, chance %.3f,"
                    + " cosine to own original %.3f%n", r.method(), r.probes(), r.rank1Original(), r.rank1Masked(),
                    r.chance(), r.cosineOwnMean());
        }

        assertEquals(5, set.clips());
        assertEquals(3, set.people());
        assertEquals(5, set.examples().size());
        assertEquals(List.of(Evaluation.UNMASKED, "digital mask (full)", "digital mask (face)",
                Baseline.REMOVE.label()), set.privacy().stream().map(Privacy.Result::method).toList());
        Privacy.Result unmasked = set.privacy().get(0);
        // Probes: obama's and biden's 4 clips, 3 frames each (the subject found in every one); lin is never a probe.
        assertEquals(12, unmasked.probes());
        assertEquals(Set.of("obama_1", "obama_2", "biden_1", "biden_2"), unmasked.byProbeClip().keySet());
        // Chance by gallery share: every probe's gallery is 4 clips of 3 frames, one clip of its own person.
        assertEquals(0.25, unmasked.chance(), 1e-9);
        assertEquals(1 / 3.0, unmasked.chanceIdentities(), 1e-9);
        // The attack works across occasions on the originals: the test can see a person.
        assertTrue(unmasked.rank1Original() >= 0.75, "unmasked rank-1 " + unmasked.rank1Original());
        // Full mode keeps nothing of the face: its frames do not resemble their own originals.
        Privacy.Result full = set.privacy().get(1);
        assertTrue(full.cosineOwnMean() < 0.3, "full mode cosine to own original " + full.cosineOwnMean());
        assertTrue(set.privacy().get(3).cosineOwnMean() < unmasked.cosineOwnMean());

        // Summary and report carry the set beside (here: without) the signing clips.
        Path out = dir.resolve("report");
        EvaluationSummary.write(null, null, set, null, 1.0, out);
        EvaluationReport.write(null, null, set, null, 1.0, out);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode methods = s.at("/identitiesAcrossOccasions/methods");
        assertEquals(4, methods.size());
        assertEquals(0.25, methods.get(0).get("chance").asDouble(), 1e-9);
        assertEquals("GALLERY_SHARE", methods.get(0).get("chanceRule").asText());
        assertEquals(full.rank1Masked(), methods.get(1).get("rank1MaskedVsMaskedGallery").asDouble(), 1e-12);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("identity test across occasions") && html.contains("identities-rank1.png"), html);
        assertTrue(html.contains(EvaluationReport.pct(full.rank1Masked())));
        assertTrue(Files.size(out.resolve("identities-rank1.png")) > 5000, "the chart");
        assertTrue(Files.exists(out.resolve("identities-obama_1-digital_mask_face_.png")));
        assertTrue(!Files.exists(dir.resolve("clips")) || Files.list(dir.resolve("clips")).findAny().isEmpty(),
                "the clips are deleted");
    }
}
