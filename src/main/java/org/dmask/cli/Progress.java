package org.dmask.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work on stderr: on a terminal a bar redrawn in place (about ten times a second) and wiped when
 * done; otherwise (a pipe, a log, systemd) a plain line every two seconds, which logs keep readable.
 */
final class Progress {

    private static final int BAR = 30;

    private final PrintStream err;
    private final String prefix;
    private final boolean terminal;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long last = start;
    private int drawnWidth;

    Progress(PrintStream err, String prefix, boolean terminal) {
        this.err = err;
        this.prefix = prefix;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 100_000_000L : 2_000_000_000L;
    }

    /** A bar when the process runs on a terminal ({@code System.console() != null}), else plain lines. */
    static Progress on(PrintStream err, String prefix) {
        return new Progress(err, prefix, System.console() != null);
    }

    /** Reports {@code done} of {@code total} (0 or less: unknown) frames of the stage {@code what}, if it is time. */
    void update(String what, long done, long total) {
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        last = now;
        err.print(line(what, done, total, (now - start) / 1e9));
        err.flush();
    }

    /** Wipes the bar, so that the result lines start on a clean line. */
    void done() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    String line(String what, long done, long total, double seconds) {
        String rate = seconds > 0 ? String.format(Locale.ROOT, ", %.1f frames/s", done / seconds) : "";
        if (!terminal) {
            return String.format(Locale.ROOT, "%s: %s frame %d%s, %.1f s%s%n", prefix, what, done,
                    total > 0 ? "/" + total : "", seconds, rate);
        }
        String bar = "";
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * done / total);
            bar = " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
        }
        String text = String.format(Locale.ROOT, "%s: %s%s %d%s %.1f s%s", prefix, what, bar, done,
                total > 0 ? "/" + total : "", seconds, rate);
        String padded = text + " ".repeat(Math.max(0, drawnWidth - text.length())); // wipe a longer previous line
        drawnWidth = text.length();
        return "\r" + padded;
    }
}
