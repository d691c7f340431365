package org.dmask.cli;

/**
 * An expected command failure: {@link DmaskMain} prints its message as one line on stderr
 * (no stack trace) and exits with {@link #exitCode()}.
 */
public class CommandException extends RuntimeException {

    /** Exit code for wrong usage (bad arguments, unknown options). */
    public static final int USAGE = 2;

    /**
     * Exit code for a configuration error (sysexits.h EX_CONFIG): a missing or invalid setting, a key file that is not
     * private, a folder that cannot be written. The systemd unit does not restart on it (RestartPreventExitStatus).
     */
    public static final int CONFIG = 78;

    private final int exitCode;

    public CommandException(int exitCode, String message) {
        super(message);
        if (exitCode == 0) {
            throw new IllegalArgumentException("exit code of a failure must not be 0");
        }
        this.exitCode = exitCode;
    }

    public CommandException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode == 0) {
            throw new IllegalArgumentException("exit code of a failure must not be 0");
        }
        this.exitCode = exitCode;
    }

    /** A usage error (exit code 2). */
    public static CommandException usage(String message) {
        return new CommandException(USAGE, message);
    }

    /** A general failure (exit code 1). */
    public static CommandException failed(String message) {
        return new CommandException(1, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
