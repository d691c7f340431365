package org.dmask.route.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;

/** The data set of a spooled object read for routing (large values stay on disk), with its transfer syntax. */
public final class ObjectHeader {

    private final Attributes fmi;
    private final Attributes ds;
    private final String transferSyntaxUID;
    private final List<String> tolerated;

    private ObjectHeader(Attributes fmi, Attributes ds, String ts, List<String> tolerated) {
        this.fmi = fmi;
        this.ds = ds;
        this.transferSyntaxUID = ts;
        this.tolerated = tolerated;
    }

    public static ObjectHeader read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ObjectHeader h = new ObjectHeader(fmi, ds, in.transferSyntax().uid(), in.tolerated());
            ds.disposeBulkData();
            return h;
        }
    }

    public String sopClassUID() {
        String c = ds.getString(Tag.SOPClassUID);
        return c != null || fmi == null ? c : fmi.getString(Tag.MediaStorageSOPClassUID);
    }

    public String sopInstanceUID() {
        String c = ds.getString(Tag.SOPInstanceUID);
        return c != null || fmi == null ? c : fmi.getString(Tag.MediaStorageSOPInstanceUID);
    }

    public String studyInstanceUID() {
        return ds.getString(Tag.StudyInstanceUID);
    }

    public String modality() {
        return ds.getString(Tag.Modality);
    }

    public String transferSyntaxUID() {
        return transferSyntaxUID;
    }

    /** What the reader tolerated in this object (see {@code DicomInputStream.tolerated()}); empty when none. */
    public List<String> tolerated() {
        return tolerated;
    }

    /** The value of an attribute as a string (multiple values joined by '\'), null when absent. */
    public String value(int tag) {
        String[] v = ds.getStrings(tag);
        return v == null || v.length == 0 ? null : String.join("\\", v);
    }
}
