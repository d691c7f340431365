package org.dmask.route;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;
import org.dmask.deid.Deidentifier;

/**
 * Makes what a job sends: the object de-identified with the job's profile, then, for a video when the rule asks for
 * the mask, masked. Fails closed: a video that needs the mask goes nowhere without a masker that succeeded.
 */
public final class Preparer {

    public static final String NO_MASKER = "mask requested but no masker is available";

    private final JobStore store;
    private final Function<String, Deidentifier> deidentifiers;
    private final Supplier<VideoMasker> masker;
    private final AuditSink audit;

    /** @param masker the masker, or null from the supplier when none is installed */
    public Preparer(JobStore store, Function<String, Deidentifier> deidentifiers, Supplier<VideoMasker> masker,
            AuditSink audit) {
        this.store = store;
        this.deidentifiers = deidentifiers;
        this.masker = masker;
        this.audit = audit;
    }

    public Path prepare(Job j) throws DeliveryException {
        Path current = store.objectPath(j);
        boolean needsMask = j.mask() != MaskMode.OFF && VideoSopClasses.isVideo(j.sopClassUID(), j.transferSyntaxUID());
        VideoMasker m = needsMask ? masker.get() : null;
        if (needsMask && m == null) {
            audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, NO_MASKER);
            throw DeliveryException.permanentFailure(NO_MASKER);
        }
        if (j.profile() != null) {
            Path out = store.outputPath(j, "deid");
            try {
                deidentifiers.apply(j.profile()).deidentifyFile(current, out);
            } catch (IOException | RuntimeException e) {
                String why = "de-identification with profile '" + j.profile() + "' failed: " + e.getMessage();
                audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            }
            audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.SUCCESS, "profile " + j.profile());
            current = out;
        }
        if (needsMask) {
            Path out = store.outputPath(j, "mask");
            try {
                m.mask(current, out, j.mask());
            } catch (VideoMasker.MaskException e) {
                String why = "video cannot be masked: " + e.getMessage();
                audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            } catch (IOException | RuntimeException e) {
                String why = "mask failed: " + e;
                audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            }
            audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.SUCCESS, "mode " + j.mask().configName());
            current = out;
        }
        return current;
    }

    private void audit(Job j, AuditEvent.Type t, AuditEvent.Outcome o, String detail) {
        audit.record(AuditEvent.of(t, o, j.callingAET(), j.study(), j.rule(), j.target(), detail));
    }
}
