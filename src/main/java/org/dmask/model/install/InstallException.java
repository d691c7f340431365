package org.dmask.model.install;

import org.dmask.model.ModelNotAvailableException;

/**
 * An installation that could not be done: bad or truncated tarball, missing entry, unreachable registry, failed
 * conversion or check. The message is one line that names the package or file and the fix; nothing was installed
 * for the package concerned.
 */
public class InstallException extends ModelNotAvailableException {

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
