package org.dmask.route.delivery;

import java.util.Properties;
import org.dmask.mask.MaskMode;

/**
 * One (object, target) pair and where its delivery stands. The rule's choices (profile, mask, pixel cleaning, target
 * URI) are kept in the job, so a rule reload never changes what happens to an object that was already accepted.
 *
 * @param id          unique, also the job file's name
 * @param objectId    the object's name in the store's objects folder
 * @param created     when the object was accepted (epoch ms): the start of the maximum age
 * @param nextAttempt not before (epoch ms)
 * @param study       pseudonymous study ID, for audit and logs (never the original)
 * @param instance    pseudonymous SOP Instance UID, for logs (never the original)
 */
public record Job(String id, String objectId, String rule, String target, String targetUri, String profile,
        MaskMode mask, Boolean cleanPixelData, boolean allowUncleanedPixels, State state, int attempts, long created, long nextAttempt, String lastError, String callingAET,
        String sopClassUID, String transferSyntaxUID, String study, String instance) {

    public enum State {
        QUEUED, IN_FLIGHT, DONE, DEAD_LETTER;

        public boolean terminal() {
            return this == DONE || this == DEAD_LETTER;
        }
    }

    public Job with(State s) {
        return new Job(id, objectId, rule, target, targetUri, profile, mask, cleanPixelData, allowUncleanedPixels, s, attempts, created, nextAttempt,
                lastError, callingAET, sopClassUID, transferSyntaxUID, study, instance);
    }

    public Job failed(String error, long next) {
        return new Job(id, objectId, rule, target, targetUri, profile, mask, cleanPixelData, allowUncleanedPixels, State.QUEUED,
                attempts + 1, created, next,
                error, callingAET, sopClassUID, transferSyntaxUID, study, instance);
    }

    public Job deadLetter(String reason) {
        return new Job(id, objectId, rule, target, targetUri, profile, mask, cleanPixelData, allowUncleanedPixels,
                State.DEAD_LETTER, attempts, created,
                nextAttempt, reason, callingAET, sopClassUID, transferSyntaxUID, study, instance);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("object", objectId);
        p.setProperty("rule", rule);
        p.setProperty("target", target);
        p.setProperty("target-uri", targetUri);
        p.setProperty("profile", profile == null ? "" : profile);
        p.setProperty("mask", mask.configName());
        p.setProperty("clean-pixel-data", cleanPixelData == null ? "" : cleanPixelData.toString());
        p.setProperty("allow-uncleaned-pixels", Boolean.toString(allowUncleanedPixels));
        p.setProperty("state", state.name());
        p.setProperty("attempts", Integer.toString(attempts));
        p.setProperty("created", Long.toString(created));
        p.setProperty("next-attempt", Long.toString(nextAttempt));
        p.setProperty("last-error", lastError == null ? "" : lastError);
        p.setProperty("calling-aet", callingAET == null ? "" : callingAET);
        p.setProperty("sop-class", sopClassUID == null ? "" : sopClassUID);
        p.setProperty("transfer-syntax", transferSyntaxUID == null ? "" : transferSyntaxUID);
        p.setProperty("study", study == null ? "" : study);
        p.setProperty("instance", instance == null ? "" : instance);
        return p;
    }

    static Job fromProperties(Properties p) {
        String profile = p.getProperty("profile", "");
        String err = p.getProperty("last-error", "");
        MaskMode mask = MaskMode.parse(p.getProperty("mask"));
        String clean = p.getProperty("clean-pixel-data", ""); // absent in job files written before the option
        if (mask == null || p.getProperty("id") == null || p.getProperty("object") == null) {
            throw new IllegalArgumentException("not a job file");
        }
        return new Job(p.getProperty("id"), p.getProperty("object"), p.getProperty("rule"), p.getProperty("target"),
                p.getProperty("target-uri"), profile.isEmpty() ? null : profile, mask,
                clean.isEmpty() ? null : Boolean.valueOf(clean),
                Boolean.parseBoolean(p.getProperty("allow-uncleaned-pixels", "false")),
                State.valueOf(p.getProperty("state")), Integer.parseInt(p.getProperty("attempts")),
                Long.parseLong(p.getProperty("created")), Long.parseLong(p.getProperty("next-attempt")),
                err.isEmpty() ? null : err, emptyToNull(p.getProperty("calling-aet")),
                emptyToNull(p.getProperty("sop-class")), emptyToNull(p.getProperty("transfer-syntax")),
                emptyToNull(p.getProperty("study")), emptyToNull(p.getProperty("instance")));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
