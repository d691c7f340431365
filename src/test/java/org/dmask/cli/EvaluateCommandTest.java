package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.IOException;
import org.dmask.eval.report.EvaluationReport;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmask evaluate} on a subset: the first 12 frames of each of the 8 ASL clips, a short scripted sequence, and
 * the identity test across occasions on 5 photos.
 */
@QuarkusMainTest
@SlowTest
class EvaluateCommandTest {

    @Test
    void writesReportAndSummaryWithTheMeasuredNumbers(QuarkusMainLauncher launcher, @TempDir Path tmp)
            throws Exception {
        Path media = subsetOfTheMedia(tmp.resolve("media"));
        InstallTestSupport.installedModels();
        Path out = tmp.resolve("eval");
        LaunchResult r = launcher.launch("evaluate", "--media", media.toString(), "--frames", "12", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("dmask evaluate: asl_milk, 12 frames"), "progress on stderr");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        // Ground truth: measured values present; nystagmus found at the script's 4 Hz.
        assertEquals(4.0, s.at("/groundTruth/right/nystagmusReferenceHz").asDouble(), 0.1);
        assertTrue(s.at("/groundTruth/right/gazeCorrelation").isNumber());
        assertTrue(s.at("/groundTruth/left/nystagmusErrorHz").asDouble() <= 0.3, s.at("/groundTruth").toString());
        // Privacy: the unmasked reference row and the four baselines, chance 1/5.
        JsonNode methods = s.at("/privacy/methods");
        assertEquals(7, methods.size(), "unmasked, mask full and face, blur, pixelation, eye crop, face box removed");
        String html = Files.readString(out.resolve("report.html"));
        for (JsonNode m : methods) {
            assertEquals(0.2, m.get("chance").asDouble(), 1e-9);
            assertEquals(6 * 12, m.get("probes").asInt(), "probes from the 6 clips of people seen twice, all 12 frames");
            double rank1 = m.get("rank1MaskedVsOriginalGallery").asDouble();
            assertTrue(rank1 >= 0 && rank1 <= 1);
            assertTrue(html.contains(m.get("method").asText()));
            assertTrue(html.contains(EvaluationReport.pct(rank1)), "rank-1 in the report");
            // Both attacks' rates come with a 95% interval that holds them, in the summary and in the report.
            for (String attack : new String[] {"rank1MaskedVsOriginalGallery", "rank1MaskedVsMaskedGallery"}) {
                double rate = m.get(attack).asDouble();
                JsonNode interval = m.get(attack + "95");
                assertTrue(interval.get(0).asDouble() <= rate && rate <= interval.get(1).asDouble(),
                        m.get("method").asText() + " " + attack + " " + interval);
                String shown = EvaluationReport.interval(new double[] {interval.get(0).asDouble(),
                    interval.get(1).asDouble()});
                assertTrue(html.contains(shown), attack + " interval " + shown + " in the report");
                // And with a bootstrap over whole probe clips, shown beside it.
                JsonNode byClip = m.get(attack + "ClipBootstrap95");
                double lo = byClip.get(0).asDouble(), hi = byClip.get(1).asDouble();
                assertTrue(0 <= lo && lo <= hi && hi <= 1, attack + " by clip " + byClip);
                String shownByClip = EvaluationReport.clipInterval(new double[] {lo, hi});
                assertTrue(html.contains(shownByClip), attack + " clip interval " + shownByClip + " in the report");
            }
        }
        // The attack works on unmasked frames (well above chance), and blurring changes the embedding.
        assertTrue(methods.get(0).get("rank1MaskedVsOriginalGallery").asDouble() > 0.5, methods.get(0).toString());
        for (int i = 1; i < 7; i++) {
            assertTrue(methods.get(i).get("cosineToOwnOriginalMean").asDouble() < 0.99, methods.get(i).toString());
        }
        assertEquals("digital mask (full)", methods.get(1).get("method").asText());
        assertEquals(8 * 6, s.at("/fidelity").size(), "8 clips x (2 mask modes + 4 baselines)");
        assertTrue(s.at("/speed/stagesMsPerFrame/digital mask (full)/render").asDouble() > 0);
        assertTrue(s.at("/speed/paths/digital mask (full)").asText().startsWith("CPU")
                || s.at("/speed/paths/digital mask (full)").asText().startsWith("GPU"));
        assertTrue(Files.size(out.resolve("ground-truth-gaze.png")) > 5000);
        assertTrue(Files.size(out.resolve("privacy-rank1.png")) > 5000 && html.contains("privacy-rank1.png"),
                "the privacy chart");
        assertTrue(Files.exists(out.resolve("asl_again-original-thumb.png")));
        assertTrue(html.contains("ground-truth-gaze.png") && html.contains("Speed"));

        // The identity test across occasions, beside the signing clips: 5 photos of 3 people, 12-frame clips.
        JsonNode identities = s.at("/identitiesAcrossOccasions");
        assertEquals(5, identities.get("photos").asInt());
        assertEquals(3, identities.get("people").asInt());
        assertEquals(7, identities.get("methods").size(), "the same methods as on the signing clips");
        for (JsonNode m : identities.get("methods")) {
            assertEquals(0.25, m.get("chance").asDouble(), 1e-9, "one of the 4 other clips shows the probe's person");
            assertTrue(m.get("probes").asInt() > 0 && m.get("probes").asInt() <= 4 * 4, m.toString());
            assertTrue(html.contains(EvaluationReport.pct(m.get("rank1MaskedVsMaskedGallery").asDouble())));
        }
        assertTrue(identities.at("/methods/0/rank1MaskedVsOriginalGallery").asDouble() >= 0.75,
                "unmasked, the attack finds the person across occasions: " + identities.at("/methods/0"));
        assertTrue(html.contains("identity test across occasions") && html.contains("identities-rank1.png")
                && Files.size(out.resolve("identities-rank1.png")) > 5000, "the identity test's section and chart");
        assertTrue(r.getOutput().contains("identities across occasions digital mask (face): rank-1"), r.getOutput());

        // Alone: no ground truth, no signing clips.
        Path alone = tmp.resolve("alone");
        LaunchResult only = launcher.launch("evaluate", "--identities-only", "--media", media.toString(), "--frames",
                "6", "--out", alone.toString());
        assertEquals(0, only.exitCode(), only.getErrorOutput());
        JsonNode o = new ObjectMapper().readTree(alone.resolve("summary.json").toFile());
        assertTrue(o.at("/groundTruth").isMissingNode() && o.at("/privacy").isMissingNode(), o.toString());
        assertEquals(7, o.at("/identitiesAcrossOccasions/methods").size());
        assertTrue(!only.getErrorOutput().contains("ground truth"), only.getErrorOutput());
        LaunchResult noPhotos = launcher.launch("evaluate", "--identities-only", "--media", tmp.resolve("eval")
                .toString(), "--out", tmp.resolve("y").toString());
        assertEquals(1, noPhotos.exitCode());
        assertTrue(noPhotos.getErrorOutput().contains("identity photos"), noPhotos.getErrorOutput());

        LaunchResult bad = launcher.launch("evaluate", "--frames", "zero");
        assertEquals(2, bad.exitCode());
        LaunchResult noMedia = launcher.launch("evaluate", "--media", tmp.resolve("none").toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals(1, noMedia.exitCode());
        assertTrue(noMedia.getErrorOutput().contains("PROVENANCE.md"), noMedia.getErrorOutput());
        assertTrue(!Files.exists(tmp.resolve("x")), "no partial output");
    }

    /**
     * The shared media with the signing clips whole and, of the identity photos, obama's 2, biden's 2 and lin's one
     * (a distractor), as links: the identity test on a subset.
     */
    private static Path subsetOfTheMedia(Path dir) throws IOException {
        Path media = Peers.shared("media");
        Files.createDirectories(dir.resolve("identities"));
        try (var files = Files.list(media)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.equals("PROVENANCE.md") || name.endsWith(".mkv")) {
                    Files.createSymbolicLink(dir.resolve(name), f.toAbsolutePath());
                }
            }
        }
        for (String photo : List.of("obama_1.jpg", "obama_2.jpg", "biden_1.jpg", "biden_2.jpg",
                "lin_manuel_miranda_1.png")) {
            Files.createSymbolicLink(dir.resolve("identities").resolve(photo),
                    media.resolve("identities").resolve(photo).toAbsolutePath());
        }
        return dir;
    }
}
