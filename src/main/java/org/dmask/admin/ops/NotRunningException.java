package org.dmask.admin.ops;

/** The gateway is not started (yet): nothing to show or act on. The API answers 503. */
public class NotRunningException extends IllegalStateException {
    public NotRunningException() {
        super("the gateway is not running: start it with 'dmask serve' or dmask.route.autostart=true");
    }
}
