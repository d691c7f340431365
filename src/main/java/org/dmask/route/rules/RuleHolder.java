package org.dmask.route.rules;

import org.dmask.route.spool.DurableFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The running rules and their reload: the file at {@code dmask.route.rules}, or the embedded default. A file that
 * does not validate never replaces the running rules; the error (file, line, rule, field) is logged and kept.
 */
public final class RuleHolder implements Supplier<RuleSet> {

    private static final Logger LOG = Logger.getLogger(RuleHolder.class);
    public static final String EMBEDDED = "default-rules.yaml";

    private final Path file;
    private final RuleParser parser;
    private final Consumer<RuleSet> onChange;
    private volatile RuleSet current;
    private volatile String lastError;
    private String lastText;

    /** Loads now: a bad file at start-up is an error (the gateway does not start without valid rules). */
    public RuleHolder(Path file, RuleParser parser, Consumer<RuleSet> onChange) {
        this.file = file;
        this.parser = parser;
        this.onChange = onChange;
        String text = read();
        this.current = parser.parse(source(), text);
        this.lastText = text;
    }

    private String source() {
        return file == null ? "embedded " + EMBEDDED : file.toString();
    }

    private String read() {
        if (file == null) {
            try (InputStream in = RuleHolder.class.getResourceAsStream(EMBEDDED)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuleException("cannot read the embedded rules: " + e.getMessage());
            }
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleException(file + ": cannot read: " + e);
        }
    }

    @Override
    public RuleSet get() {
        return current;
    }

    /** The error of the last reload that was refused, null when the running rules are the file's. */
    public String lastError() {
        return lastError;
    }

    /** The rule file, null when the embedded default runs. */
    public Path file() {
        return file;
    }

    /** The text the running rules were read from. */
    public synchronized String text() {
        return lastText;
    }

    /** Parses a candidate rule file as this holder would (throws {@link RuleException} with the line); runs nothing. */
    public RuleSet parse(String candidate) {
        return parser.parse(source(), candidate);
    }

    /**
     * Makes a candidate the running rules: validates it, replaces the rule file atomically (durable, a temporary file
     * renamed over it), then starts its targets and rule routes. When they cannot start, the previous file is written
     * back and the running rules stay; throws {@link RuleException} then, as for a candidate that does not validate.
     */
    public synchronized RuleSet apply(String candidate) {
        if (file == null) {
            throw new RuleException("dmask.route.rules is not set: the embedded default rules run and cannot be "
                    + "replaced; set dmask.route.rules to a file to change them");
        }
        RuleSet next = parser.parse(source(), candidate);
        String previous = lastText;
        write(candidate);
        try {
            onChange.accept(next);
        } catch (RuntimeException e) {
            write(previous);
            throw new RuleException(source() + ": the new targets or rule routes cannot be started: "
                    + e.getMessage());
        }
        lastText = candidate;
        current = next;
        lastError = null;
        LOG.infof("rules applied to %s: %d rule(s), %d target(s)", file, next.rules().size(), next.targets().size());
        return next;
    }

    private void write(String text) {
        try {
            DurableFiles.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new RuleException(file + ": cannot write: " + e.getMessage());
        }
    }

    /** Re-reads the file when its content changed; returns true when new rules now run. */
    public synchronized boolean reloadIfChanged() {
        if (file == null) {
            return false;
        }
        String text;
        try {
            text = read();
        } catch (RuleException e) {
            if (!e.getMessage().equals(lastError)) {
                lastError = e.getMessage();
                LOG.errorf("rules not reloaded, the running rules stay: %s", lastError);
            }
            return false;
        }
        if (text.equals(lastText)) {
            return false;
        }
        lastText = text;
        RuleSet next;
        try {
            next = parser.parse(source(), text);
        } catch (RuleException e) {
            lastError = e.getMessage();
            LOG.errorf("rules not reloaded, the running rules stay: %s", lastError);
            return false;
        }
        try {
            onChange.accept(next);
        } catch (RuntimeException e) {
            lastError = source() + ": the new targets or rule routes cannot be started: " + e.getMessage();
            LOG.errorf("rules not reloaded, the running rules stay: %s", lastError);
            return false;
        }
        current = next;
        lastError = null;
        LOG.infof("rules reloaded from %s: %d rule(s), %d target(s)", file, next.rules().size(),
                next.targets().size());
        return true;
    }
}
