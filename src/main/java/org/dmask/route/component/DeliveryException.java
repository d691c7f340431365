package org.dmask.route.component;

/**
 * A failed delivery to a target. Transient failures (the target is down, out of resources) are retried with
 * backoff; permanent ones (the target refuses the object, it cannot be de-identified or masked) go to dead letters.
 */
public class DeliveryException extends Exception {

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public static DeliveryException transientFailure(String message) {
        return new DeliveryException(message, false);
    }

    public static DeliveryException permanentFailure(String message) {
        return new DeliveryException(message, true);
    }

    public boolean permanent() {
        return permanent;
    }
}
