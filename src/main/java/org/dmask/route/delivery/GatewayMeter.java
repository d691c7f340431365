package org.dmask.route.delivery;

/**
 * What the gateway measures besides the audit events: how long each stage takes per rule, how long sending takes per
 * target, and retries and permanent failures per target and kind of failure. {@code RouteMetrics} turns these into
 * Micrometer meters; {@link #NONE} measures nothing.
 */
public interface GatewayMeter {

    /** The stages of an object's way: receive (spool to durable jobs), de-identify, mask, send. */
    enum Stage {
        RECEIVE, DEIDENTIFY, MASK, SEND;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A stage done (or failed) for an object of a rule, in {@code nanos}. */
    void timed(Stage stage, String rule, String target, long nanos);

    /** A transient failure at a target that will be retried; {@code kind} from {@link #kindOf}. */
    void retried(String target, String kind);

    /** A failure that made a dead letter of a job; {@code kind} from {@link #kindOf}. */
    void deadLettered(String target, String kind);

    GatewayMeter NONE = new GatewayMeter() {
        @Override
        public void timed(Stage stage, String rule, String target, long nanos) {
        }

        @Override
        public void retried(String target, String kind) {
        }

        @Override
        public void deadLettered(String target, String kind) {
        }
    };

    /**
     * A failure's kind for a metric's tag, from a small fixed set (never the free text, which would make a series per
     * message): connection-refused, timeout, aborted, association-rejected, association-busy,
     * transfer-syntax-refused, sop-class-refused, out-of-resources, status, http-&lt;code&gt;, deidentify, mask,
     * max-age, other.
     */
    static String kindOf(String reason) {
        if (reason == null) {
            return "other";
        }
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher http = java.util.regex.Pattern.compile("stow-rs answered (\\d{3})").matcher(r);
        if (r.startsWith("not delivered within the maximum age")) {
            return "max-age";
        } else if (r.contains("connection refused")) {
            return "connection-refused";
        } else if (r.contains("timed out") || r.contains("timeout")) {
            return "timeout";
        } else if (r.contains("rejected-permanent")) {
            return "association-rejected";
        } else if (r.contains("rejected-transient")) {
            return "association-busy";
        } else if (r.contains("transfer-syntaxes-not-supported")) {
            return "transfer-syntax-refused";
        } else if (r.contains("abstract-syntax-not-supported") || r.contains("user-rejection")
                || r.contains("provider rejection")) {
            return "sop-class-refused";
        } else if (r.contains("out of resources")) {
            return "out-of-resources";
        } else if (r.contains("abort")) {
            return "aborted";
        } else if (http.find()) {
            return "http-" + http.group(1);
        } else if (r.startsWith("de-identification")) {
            return "deidentify";
        } else if (r.contains("mask")) {
            return "mask";
        } else if (r.startsWith("c-store to") && r.matches(".*\\([0-9a-f]{4}\\).*")) {
            return "status";
        }
        return "other";
    }
}
