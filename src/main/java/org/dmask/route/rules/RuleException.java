package org.dmask.route.rules;

/** A rule file that cannot be used; the message names the file, the line, the rule and the field. */
public class RuleException extends RuntimeException {

    private final int line;

    public RuleException(String message) {
        this(message, 0);
    }

    /** @param line the line of the rule file the error is on (1-based), 0 when it is about the whole file */
    public RuleException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** The line (1-based) the error is on, 0 when the error is about the whole file. */
    public int line() {
        return line;
    }
}
