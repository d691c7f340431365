package org.dmask.deid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;

/**
 * De-identifies data sets by one profile: the chain of {@link DeidStep}s (apply the table, cap ages, mark the
 * result). Thread-safe; the same input under the same key always gives the same output.
 */
public final class Deidentifier {

    private final Profile profile;
    private final Pseudonymizer pseudonymizer;
    private final PatientLookupTable lookup;
    private final PseudonymListener listener;
    private final int minShiftDays;
    private final int maxShiftDays;
    private final List<DeidStep> steps;

    public Deidentifier(Profile profile, Pseudonymizer pseudonymizer, PatientLookupTable lookup,
            PseudonymListener listener, int minShiftDays, int maxShiftDays) {
        if (minShiftDays > maxShiftDays) {
            throw new IllegalArgumentException("date shift range [" + minShiftDays + ", " + maxShiftDays
                    + "] is empty");
        }
        this.profile = profile;
        this.pseudonymizer = pseudonymizer;
        this.lookup = lookup;
        this.listener = listener == null ? PseudonymListener.NONE : listener;
        this.minShiftDays = minShiftDays;
        this.maxShiftDays = maxShiftDays;
        this.steps = List.of(
                new ApplyProfile(new ElementPolicy(ActionTable.standard(), profile)),
                new CapPatientAge(),
                new MarkDeidentified());
    }

    /** With keyed patient pseudonyms and a shift of 1 to 10 years back. */
    public Deidentifier(Profile profile, Pseudonymizer pseudonymizer) {
        this(profile, pseudonymizer, null, null, -3650, -365);
    }

    public Profile profile() {
        return profile;
    }

    /** De-identifies a data set in place and returns it. */
    public Attributes deidentify(Attributes dataset) {
        NormaliseUnknownVRs.apply(dataset);
        DeidContext ctx = new DeidContext(profile, pseudonymizer, lookup, listener, minShiftDays, maxShiftDays,
                dataset);
        for (DeidStep step : steps) {
            step.apply(dataset, ctx);
        }
        return dataset;
    }

    /**
     * Reads a DICOM file, de-identifies it and writes it as a Part 10 file in the same transfer syntax, with a new
     * meta group. The output appears complete or not at all (written beside it, then moved).
     */
    public void deidentifyFile(Path in, Path out) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".part");
        try (DicomInputStream din = new DicomInputStream(in)) {
            Attributes oldFmi = din.readFileMetaInformation();
            Attributes ds = din.readDataset();
            try {
                TransferSyntax ts = din.transferSyntax();
                deidentify(ds);
                writeBeside(oldFmi, ds, ts, tmp);
            } finally {
                ds.disposeBulkData(); // the spool of a deflated input goes on failure too
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeBeside(Attributes oldFmi, Attributes ds, TransferSyntax ts, Path tmp) throws IOException {
        // Objects without SOP UIDs of their own (a DICOMDIR) take them from the old meta group, remapped.
        String cuid = ds.getString(Tag.SOPClassUID);
        String iuid = ds.getString(Tag.SOPInstanceUID);
        if (oldFmi != null && cuid == null) {
            cuid = oldFmi.getString(Tag.MediaStorageSOPClassUID);
        }
        if (oldFmi != null && iuid == null && oldFmi.getString(Tag.MediaStorageSOPInstanceUID) != null) {
            iuid = pseudonymizer.uid(oldFmi.getString(Tag.MediaStorageSOPInstanceUID));
        }
        Attributes fmi = DicomOutputStream.createFileMetaInformation(cuid, iuid, ts.uid());
        try (OutputStream os = Files.newOutputStream(tmp); DicomOutputStream dout = new DicomOutputStream(os)) {
            dout.writeDicomFile(fmi, ds, ts);
        }
    }
}
