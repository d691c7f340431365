package org.dmask.admin.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console's templates write times (local, to the second) and sizes (binary units). */
@TemplateExtension
public final class TemplateFormats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private TemplateFormats() {
    }

    /** {@code {size.bytes}}: 812 B, 38.2 KiB, 1.5 MiB, 2.0 GiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code {instant.local}} */
    static String local(Instant i) {
        return i == null ? "–" : TIME.format(i);
    }
}
