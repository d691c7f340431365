package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmask analyze} end to end on the shortest shared clip (asl_eat.mkv, 47 frames). */
@QuarkusMainTest
@SlowTest
class AnalyzeCommandTest {

    @Test
    void writesSignalsPlotAndContactSheet(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        Path clip = Peers.shared("media/asl_eat.mkv");
        InstallTestSupport.installedModels();
        Path out = tmp.resolve("eat");
        LaunchResult r = launcher.launch("analyze", clip.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("47 frames at 30.00 fps, face tracked in 100.0%"), r.getOutput());

        List<String> csv = Files.readAllLines(out.resolve("signals.csv"));
        assertEquals(48, csv.size(), "header + one row per frame");
        List<String> header = List.of(csv.get(0).split(","));
        for (String col : List.of("frame", "time_s", "tracked", "yaw_deg", "expression_rms_cm", "expression_live_rms_cm", "r_iris_x", "r_gaze_h_deg",
                "l_gaze_v_deg", "r_mrd1", "l_mrd2", "r_fissure_h_mm", "l_fissure_w_mm", "r_blink")) {
            assertTrue(header.contains(col), col + " in " + header);
        }
        String[] row = csv.get(11).split(",", -1); // line 0 is the header
        assertEquals(header.size(), row.length);
        assertEquals("10", row[0]);
        assertEquals("1", row[header.indexOf("tracked")]);
        double fissureW = Double.parseDouble(row[header.indexOf("r_fissure_w_mm")]);
        assertTrue(fissureW > 15 && fissureW < 40, "eye width in mm at the canonical head's scale: " + fissureW);

        JsonNode json = new ObjectMapper().readTree(out.resolve("signals.json").toFile());
        assertEquals(47, json.get("frames").size());
        assertEquals(1.0, json.at("/summary/tracked_fraction").asDouble(), 1e-9);
        assertTrue(json.at("/summary/nystagmus_right/frequency_hz").isNumber());
        assertTrue(json.at("/summary/head_pose/yaw_range_deg").isNumber());

        BufferedImage plot = ImageIO.read(out.resolve("eye-signals.png").toFile());
        assertTrue(plot.getWidth() >= 1000 && plot.getHeight() >= 800, plot.getWidth() + "x" + plot.getHeight());
        assertTrue(distinctColours(plot) > 50, "the plot has content");
        BufferedImage sheet = ImageIO.read(out.resolve("contact-sheet.png").toFile());
        assertTrue(sheet.getWidth() >= 1000, "contact sheet " + sheet.getWidth());
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void badArgumentsAndInputsAreOneLineErrors(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        LaunchResult none = launcher.launch("analyze");
        assertEquals(2, none.exitCode());
        assertTrue(none.getErrorOutput().startsWith("dmask analyze: Missing required parameter: 'VIDEO'\n"
                + "Usage: dmask analyze [-hV] [--out=DIR] VIDEO"), none.getErrorOutput());

        LaunchResult option = launcher.launch("analyze", "--fast", "x.mkv");
        assertEquals(2, option.exitCode());
        assertTrue(option.getErrorOutput().contains("unknown option '--fast'"), option.getErrorOutput());

        LaunchResult noOut = launcher.launch("analyze", "x.mkv", "--out");
        assertEquals(2, noOut.exitCode());

        LaunchResult missing = launcher.launch("analyze", tmp.resolve("nope.mkv").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().strip().endsWith("nope.mkv: no such file"), missing.getErrorOutput());

        Path text = Files.writeString(tmp.resolve("notes.mkv"), "not a video");
        LaunchResult notVideo = launcher.launch("analyze", text.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, notVideo.exitCode());
        assertTrue(notVideo.getErrorOutput().contains("notes.mkv: not a video FFmpeg can decode"),
                notVideo.getErrorOutput());
        assertFalse(notVideo.getErrorOutput().contains("\tat "), notVideo.getErrorOutput());
    }
}
