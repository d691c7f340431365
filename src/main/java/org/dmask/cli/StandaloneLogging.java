package org.dmask.cli;

import io.quarkus.bootstrap.logging.QuarkusDelayedHandler;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging for a command that runs without the application, which would otherwise configure it: one line per record
 * on stderr, at {@code quarkus.log.level} (INFO unless set; the dmask script sets WARN), so that a warning such as
 * "generated a new de-identification key: back it up" is seen as it is when the service runs.
 */
final class StandaloneLogging {

    private StandaloneLogging() {
    }

    /** Installs the console handler unless something (a test's harness) has configured logging already. */
    static synchronized void install() {
        Logger root = Logger.getLogger("");
        QuarkusDelayedHandler delayed = null;
        for (Handler h : root.getHandlers()) {
            if (h instanceof QuarkusDelayedHandler d && !d.isActivated()) {
                delayed = d; // Quarkus's, waiting for the application to configure logging: it will not
            } else {
                return; // configured already
            }
        }
        Level level = level(System.getProperty("quarkus.log.level", System.getenv()
                .getOrDefault("QUARKUS_LOG_LEVEL", "INFO")));
        Handler console = new ConsoleHandler();
        console.setLevel(level);
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? "" : r.getLoggerName();
                return String.format(Locale.ROOT, "%1$tF %1$tT %2$-5s [%3$s] %4$s%n", r.getMillis(),
                        name(r.getLevel()), name.substring(name.lastIndexOf('.') + 1), formatMessage(r));
            }
        });
        root.setLevel(level);
        if (delayed != null) {
            delayed.setHandlers(new Handler[] {console}); // and what it held back so far goes out now
        } else {
            root.addHandler(console);
        }
    }

    /** Quarkus's level names (JBoss Logging's) to java.util.logging's. */
    static Level level(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "OFF" -> Level.OFF;
            case "FATAL", "ERROR", "SEVERE" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "DEBUG", "FINE" -> Level.FINE;
            case "TRACE", "FINEST" -> Level.FINEST;
            case "ALL" -> Level.ALL;
            default -> Level.INFO;
        };
    }

    private static String name(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
                : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
}
