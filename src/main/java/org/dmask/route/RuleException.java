package org.dmask.route;

/** A rule file that cannot be used; the message names the file, the line, the rule and the field. */
public class RuleException extends RuntimeException {
    public RuleException(String message) {
        super(message);
    }
}
