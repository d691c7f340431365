package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress display: a bar redrawn in place on a terminal, whole lines for a pipe or a log. */
class ProgressTest {

    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void onATerminalABarRedrawnInPlace() {
        Progress p = new Progress(sink, "dmask mask", true);
        assertEquals("\rdmask mask: render [###############...............] 50/100 2.0 s, 25.0 frames/s",
                p.line("render", 50, 100, 2.0));
        // a shorter line wipes what is left of the longer one before it
        String next = p.line("render", 5, -1, 1.0);
        assertEquals("\rdmask mask: render 5 1.0 s, 5.0 frames/s", next.stripTrailing());
        assertEquals(1 + "dmask mask: render [###############...............] 50/100 2.0 s, 25.0 frames/s".length(),
                next.length());
    }

    @Test
    void otherwisePlainLines() {
        Progress p = new Progress(sink, "dmask analyze", false);
        assertEquals("dmask analyze: analyse frame 30/47, 2.0 s, 15.0 frames/s" + System.lineSeparator(),
                p.line("analyse", 30, 47, 2.0));
        assertEquals("dmask analyze: analyse frame 30, 2.0 s, 15.0 frames/s" + System.lineSeparator(),
                p.line("analyse", 30, 0, 2.0));
    }
}
