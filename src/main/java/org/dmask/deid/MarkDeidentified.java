package org.dmask.deid;

import java.util.ArrayList;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Sequence;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;

/**
 * Records what was done: Patient Identity Removed = YES, De-identification Method, the CID 7050 codes of the profile
 * and its options in De-identification Method Code Sequence, and Longitudinal Temporal Information Modified.
 * Burned In Annotation and Recognizable Visual Features are left to the stage that cleaned the pixels, which records
 * its work with {@link #recordCleanedPixels} or {@link #recordCleanedText}; the Clean Pixel Data code is likewise
 * recorded only by the stage that cleaned the pixels, never for the profile alone.
 */
public final class MarkDeidentified implements DeidStep {

    /**
     * Records that the pixels were cleaned of recognizable visual features (the digital mask): Recognizable Visual
     * Features (0028,0302) = NO, CID 7050 code 113102 appended to De-identification Method Code Sequence (created
     * when absent, never duplicated) and {@code methodNotes} appended to De-identification Method (0012,0063).
     * With {@code noBurnedInText}, Burned In Annotation (0028,0301) = NO too (nothing of the original pixels
     * remains); otherwise it is left as it was.
     */
    public static void recordCleanedPixels(Attributes ds, boolean noBurnedInText, String... methodNotes) {
        ds.setString(Tag.RecognizableVisualFeatures, VR.CS, "NO");
        if (noBurnedInText) {
            ds.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        }
        appendCode(ds, Option.CLEAN_RECOGNIZABLE_VISUAL_FEATURES);
        appendMethod(ds, methodNotes);
    }

    /**
     * Records that burned-in text was removed from the pixels (the Clean Pixel Data Option): Burned In Annotation
     * (0028,0301) = NO, CID 7050 code 113101 appended to De-identification Method Code Sequence (created when absent,
     * never duplicated) and {@code methodNote} (how: templates, OCR or both) appended to De-identification Method.
     */
    public static void recordCleanedText(Attributes ds, String methodNote) {
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
        appendCode(ds, Option.CLEAN_PIXEL_DATA);
        appendMethod(ds, methodNote);
    }

    private static void appendCode(Attributes ds, Option option) {
        Object existing = ds.getValue(Tag.DeidentificationMethodCodeSequence);
        Sequence codes = existing instanceof Sequence s ? s : ds.newSequence(Tag.DeidentificationMethodCodeSequence, 1);
        for (Attributes item : codes) {
            if (option.code().equals(item.getString(Tag.CodeValue))
                    && "DCM".equals(item.getString(Tag.CodingSchemeDesignator))) {
                return;
            }
        }
        code(codes.addItem(), option.code(), option.meaning());
    }

    private static void appendMethod(Attributes ds, String... notes) {
        List<String> method = new ArrayList<>();
        String[] old = ds.getStrings(Tag.DeidentificationMethod);
        if (old != null) {
            for (String s : old) {
                if (s != null && !s.isBlank()) {
                    method.add(s.trim());
                }
            }
        }
        for (String note : notes) {
            method.add(note.length() > 64 ? note.substring(0, 64) : note);
        }
        if (!method.isEmpty()) {
            ds.setString(Tag.DeidentificationMethod, VR.LO, method.toArray(String[]::new));
        }
    }

    @Override
    public void apply(Attributes ds, DeidContext ctx) {
        Profile profile = ctx.profile;
        ds.setString(Tag.PatientIdentityRemoved, VR.CS, "YES");
        List<String> method = new ArrayList<>();
        String m = "DMASK PS3.15 E " + profile.name();
        method.add(m.length() > 64 ? m.substring(0, 64) : m);
        Sequence codes = ds.newSequence(Tag.DeidentificationMethodCodeSequence, 1 + profile.options().size());
        code(codes.addItem(), Option.BASIC_PROFILE_CODE, Option.BASIC_PROFILE_MEANING);
        for (Option o : Option.values()) {
            // Clean Pixel Data is recorded by the pixel stage once it has run (recordCleanedText), not promised here.
            if (profile.has(o) && o != Option.CLEAN_PIXEL_DATA) {
                code(codes.addItem(), o.code(), o.meaning());
            }
        }
        ds.setString(Tag.DeidentificationMethod, VR.LO, method.toArray(String[]::new));
        String longitudinal = profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        ds.setString(Tag.LongitudinalTemporalInformationModified, VR.CS, longitudinal);
    }

    private static void code(Attributes item, String value, String meaning) {
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }
}
