package org.dmask.route.delivery;

import org.dmask.route.component.DeliveryException;

import org.dmask.route.spool.VideoSopClasses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;
import java.nio.file.StandardCopyOption;
import org.dmask.deid.Deidentifier;
import org.dmask.deid.Option;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.dmask.pixel.PixelCleaner;
import org.dmask.pixel.PixelCleaningException;

/**
 * Makes what a job sends: the object de-identified with the job's profile, then cleaned of burned-in text when the
 * rule or the profile asks for Clean Pixel Data, then, for a video when the rule asks for the mask, masked (the mask
 * reads the cleaned frames). Fails closed: a video that needs the mask goes nowhere without a masker that succeeded,
 * and an object that needs cleaning goes nowhere uncleaned unless its rule allows uncleaned pixels.
 *
 * <p>An object is prepared once per distinct (profile, mask) among its jobs, whatever the fan-out, and de-identified
 * once per profile (the masks start from it): the first job to get there prepares while the others of the same object
 * wait, and every target is sent the same file. A failure to prepare is remembered the same way, so it is audited once
 * and each job dead-letters with the same reason. The prepared files live in the store's {@code out/} folder until
 * the object is finished; a crash empties that folder and the next attempt prepares again.
 */
public final class Preparer {

    public static final String NO_MASKER = "mask requested but no masker is available";
    public static final String NO_CLEANER = "Clean Pixel Data requested but no pixel cleaner is available";

    private final JobStore store;
    private final Function<String, Deidentifier> deidentifiers;
    private final Supplier<VideoMasker> masker;
    private volatile Supplier<PixelCleaner> cleaner = () -> null;
    private final AuditSink audit;
    private final GatewayMeter meter;
    /** One lock per preparation (object and variant) being made or made. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Preparations that failed for good: the other jobs of the object fail with the same reason, unprepared. */
    private final Map<String, DeliveryException> failures = new ConcurrentHashMap<>();

    /** @param masker the masker, or null from the supplier when none is installed */
    public Preparer(JobStore store, Function<String, Deidentifier> deidentifiers, Supplier<VideoMasker> masker,
            AuditSink audit) {
        this(store, deidentifiers, masker, audit, GatewayMeter.NONE);
    }

    /** @param meter told how long each de-identification and mask took */
    public Preparer(JobStore store, Function<String, Deidentifier> deidentifiers, Supplier<VideoMasker> masker,
            AuditSink audit, GatewayMeter meter) {
        this.store = store;
        this.deidentifiers = deidentifiers;
        this.masker = masker;
        this.audit = audit;
        this.meter = meter;
    }

    /** @param cleaner the pixel cleaner, or null from the supplier when none is available */
    public Preparer cleaningPixelsWith(Supplier<PixelCleaner> cleaner) {
        this.cleaner = cleaner;
        return this;
    }

    /** The prepared file for the job: made now, or by an earlier job of the same object with the same choices. */
    public Path prepare(Job j) throws DeliveryException {
        boolean needsMask = j.mask() != MaskMode.OFF && VideoSopClasses.isVideo(j.sopClassUID(), j.transferSyntaxUID());
        boolean clean = cleansPixels(j);
        if (!needsMask) {
            return clean ? cleaned(j) : j.profile() == null ? store.objectPath(j) : deidentified(j);
        }
        return once(j, variant(j.profile(), j.mask()) + cleanVariant(j, clean), prepared -> {
            VideoMasker m = masker.get();
            if (m == null) {
                audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, NO_MASKER);
                throw DeliveryException.permanentFailure(NO_MASKER);
            }
            Path in = clean ? cleaned(j) : j.profile() == null ? store.objectPath(j) : deidentified(j);
            long start = System.nanoTime();
            try {
                m.mask(in, prepared, j.mask());
            } catch (VideoMasker.MaskException e) {
                meter.timed(GatewayMeter.Stage.MASK, j.rule(), null, System.nanoTime() - start);
                String why = "video cannot be masked: " + e.getMessage();
                audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            } catch (IOException | RuntimeException e) {
                meter.timed(GatewayMeter.Stage.MASK, j.rule(), null, System.nanoTime() - start);
                String why = "mask failed: " + e;
                audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            }
            meter.timed(GatewayMeter.Stage.MASK, j.rule(), null, System.nanoTime() - start);
            audit(j, AuditEvent.Type.MASK, AuditEvent.Outcome.SUCCESS, "mode " + j.mask().configName());
        });
    }

    /**
     * The object de-identified with the job's profile, once per object and profile: what an unmasked job sends, and
     * what each mask mode of the object starts from.
     */
    private Path deidentified(Job j) throws DeliveryException {
        return once(j, variant(j.profile(), MaskMode.OFF), out -> {
            long start = System.nanoTime();
            try {
                deidentifiers.apply(j.profile()).deidentifyFile(store.objectPath(j), out);
            } catch (IOException | RuntimeException e) {
                meter.timed(GatewayMeter.Stage.DEIDENTIFY, j.rule(), null, System.nanoTime() - start);
                String why = "de-identification with profile '" + j.profile() + "' failed: " + e.getMessage();
                audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.FAILURE, why);
                throw new DeliveryException(why, true, e);
            }
            meter.timed(GatewayMeter.Stage.DEIDENTIFY, j.rule(), null, System.nanoTime() - start);
            audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.SUCCESS, "profile " + j.profile());
        });
    }

    /** Whether the job's object is to be cleaned of burned-in text: the rule says so, else the profile's option. */
    private boolean cleansPixels(Job j) throws DeliveryException {
        if (j.cleanPixelData() != null) {
            return j.cleanPixelData();
        }
        if (j.profile() == null) {
            return false;
        }
        try {
            return deidentifiers.apply(j.profile()).profile().has(Option.CLEAN_PIXEL_DATA);
        } catch (RuntimeException e) {
            String why = "de-identification with profile '" + j.profile() + "' failed: " + e.getMessage();
            audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.FAILURE, why);
            throw new DeliveryException(why, true, e);
        }
    }

    private static String cleanVariant(Job j, boolean clean) {
        return clean ? j.allowUncleanedPixels() ? ".clean-or-not" : ".clean" : "";
    }

    /**
     * The object (de-identified when the job has a profile) cleaned of burned-in text, once per object and choice.
     * When it cannot be cleaned the object dead-letters with the reason, or, where the rule allows uncleaned pixels,
     * the uncleaned file is sent as it is (its Burned In Annotation and method unchanged) and the failure audited.
     */
    private Path cleaned(Job j) throws DeliveryException {
        return once(j, variant(j.profile(), MaskMode.OFF) + cleanVariant(j, true), out -> {
            Path in = j.profile() == null ? store.objectPath(j) : deidentified(j);
            PixelCleaner c = cleaner.get();
            try {
                if (c == null) {
                    throw new PixelCleaningException(NO_CLEANER);
                }
                // templates match on the device as received: de-identification may have removed its model and station
                PixelCleaner.Result r = c.clean(in, out, PixelCleaner.deviceOf(store.objectPath(j)));
                audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.SUCCESS, r.method() == null
                        ? "clean pixel data: no pixel data"
                        : "clean pixel data: " + r.method() + ", " + r.frames() + " frame(s), " + r.framesRead()
                                + " read by OCR, " + r.pixelsBlanked() + " pixels blanked");
            } catch (PixelCleaningException | IOException | RuntimeException e) {
                String why = e instanceof PixelCleaningException ? e.getMessage() : "clean pixel data failed: " + e;
                if (!j.allowUncleanedPixels()) {
                    audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.FAILURE, why);
                    throw new DeliveryException(why, true, e);
                }
                audit(j, AuditEvent.Type.DEIDENTIFY, AuditEvent.Outcome.FAILURE, why
                        + "; sent uncleaned (the rule allows uncleaned pixels)");
                try {
                    Path partial = out.resolveSibling("." + out.getFileName() + ".uncleaned");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException io) {
                    throw new DeliveryException("cannot keep the uncleaned object: " + io.getMessage(), false, io);
                }
            }
        });
    }

    /** Writes a prepared file, complete or absent (a step's own contract). */
    @FunctionalInterface
    private interface Step {
        void make(Path out) throws DeliveryException;
    }

    /**
     * The object's prepared file of a variant: made by the first job that asks while the others wait, then shared; a
     * permanent failure is remembered and repeated to the others.
     */
    private Path once(Job j, String variant, Step step) throws DeliveryException {
        String key = j.objectId() + "/" + variant;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Path prepared = store.preparedPath(j.objectId(), variant);
            if (Files.exists(prepared)) {
                return prepared;
            }
            DeliveryException failed = failures.get(key);
            if (failed != null) {
                throw new DeliveryException(failed.getMessage(), failed.permanent(), failed);
            }
            try {
                step.make(prepared);
            } catch (DeliveryException e) {
                if (e.permanent()) {
                    failures.put(key, e);
                }
                throw e;
            }
            return prepared;
        }
    }

    /** Forgets what was kept for an object that is finished (its prepared files went with it). */
    public void release(String objectId) {
        String prefix = objectId + "/";
        locks.keySet().removeIf(k -> k.startsWith(prefix));
        failures.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** A file-name-safe name for (profile, mask): "basic.off", "none.full"; an odd profile name by its hash. */
    static String variant(String profile, MaskMode mask) {
        String p = profile == null ? "none"
                : profile.matches("[A-Za-z0-9_-]{1,64}") ? profile : "p" + Integer.toHexString(profile.hashCode());
        return p + "." + mask.configName();
    }

    /** The preparation is shared by the object's targets: the audit names none of them. */
    private void audit(Job j, AuditEvent.Type t, AuditEvent.Outcome o, String detail) {
        audit.record(AuditEvent.of(t, o, j.callingAET(), j.study(), j.rule(), null, detail));
    }
}
