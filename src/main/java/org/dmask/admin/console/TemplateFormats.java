package org.dmask.admin.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console's templates write times: local time to the second, a dash for none. */
@TemplateExtension
public final class TemplateFormats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private TemplateFormats() {
    }

    /** {@code {instant.local}} */
    static String local(Instant i) {
        return i == null ? "–" : TIME.format(i);
    }
}
