package org.dmask.dimse;

import java.util.List;

/**
 * A presentation context (PS3.8 §9.3.2.2 / §9.3.3.2): in a request the abstract syntax and the proposed transfer
 * syntaxes; in an acceptance the result and the one transfer syntax chosen.
 */
public record PresentationContext(int id, int result, String abstractSyntax, List<String> transferSyntaxes) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public static PresentationContext proposed(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return new PresentationContext(id, 0, abstractSyntax, transferSyntaxes);
    }

    public boolean accepted() {
        return result == ACCEPTANCE;
    }

    /** The accepted transfer syntax of an acceptance. */
    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }

    public static String resultText(int result) {
        return switch (result) {
            case ACCEPTANCE -> "acceptance";
            case USER_REJECTION -> "user-rejection";
            case NO_REASON -> "no-reason (provider rejection)";
            case ABSTRACT_SYNTAX_NOT_SUPPORTED -> "abstract-syntax-not-supported";
            case TRANSFER_SYNTAXES_NOT_SUPPORTED -> "transfer-syntaxes-not-supported";
            default -> "result " + result;
        };
    }
}
