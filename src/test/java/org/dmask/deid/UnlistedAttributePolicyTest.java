package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.junit.jupiter.api.Test;

/** The rule for public attributes that Table E.1-1 does not list, on a small data set. */
class UnlistedAttributePolicyTest {

    private static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "P1");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        ds.setString(Tag.SliceThickness, VR.DS, "1.5");
        ds.setString(Tag.Manufacturer, VR.LO, "ACME");
        ds.setString(Tag.ConvolutionKernel, VR.SH, "B30f");
        ds.setString(Tag.PrivateRecordUID, VR.UI, "1.2.3.4.5");
        ds.setString(Tag.CurveDate, VR.DA, "20200101"); // listed: the table decides
        ds.setString(Tag.ExpiryDate, VR.DA, "20200102");
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence, 1).addItem()
                .setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.3.1.2.3.1");
        Attributes issuer = ds.newSequence(Tag.IssuerOfAccessionNumberSequence, 1).addItem();
        issuer.setString(Tag.UniversalEntityID, VR.UT, "http://hospital.example/accession");
        issuer.setString(Tag.UniversalEntityIDType, VR.CS, "URI");
        Attributes code = ds.newSequence(Tag.AnatomicRegionSequence, 1).addItem();
        code.setString(Tag.CodeValue, VR.SH, "T-D0050");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "SRT");
        code.setString(Tag.CodeMeaning, VR.LO, "Tissue");
        return ds;
    }

    private static Attributes deid(Profile p) {
        return new Deidentifier(p, new Pseudonymizer(Corpus.TEST_KEY)).deidentify(sample());
    }

    @Test
    void basic() {
        Attributes out = deid(Profile.basic());
        assertEquals(UID.CTImageStorage, out.getString(Tag.SOPClassUID), "registry UID kept");
        assertEquals("1.2.840.10008.3.1.2.3.1", out.getSequence(Tag.ReferencedPerformedProcedureStepSequence).get(0)
                .getString(Tag.ReferencedSOPClassUID), "a UID under the DICOM root (MPPS SOP Class) kept");
        assertEquals(new Pseudonymizer(Corpus.TEST_KEY).uid("1.2.3.4.5"), out.getString(Tag.PrivateRecordUID));
        assertEquals("PRIMARY", out.getStrings(Tag.ImageType)[1]);
        assertEquals("1.5", out.getString(Tag.SliceThickness));
        assertEquals(DummyValues.TEXT, out.getString(Tag.Manufacturer), "device identity: dummy");
        assertTrue(out.contains(Tag.ConvolutionKernel));
        assertNull(out.getString(Tag.ConvolutionKernel), "unlisted text emptied");
        assertNull(out.getString(Tag.ExpiryDate), "unlisted date emptied");
        assertFalse(out.contains(Tag.IssuerOfAccessionNumberSequence), "issuer left with its type only: removed");
        Attributes code = out.getSequence(Tag.AnatomicRegionSequence).get(0);
        assertEquals("Tissue", code.getString(Tag.CodeMeaning), "code content is on the safe list");
    }

    @Test
    void temporalAndDeviceOptions() {
        Attributes full = deid(Profile.of("f", Option.RETAIN_LONGITUDINAL_FULL_DATES, Option.RETAIN_DEVICE_IDENTITY));
        assertEquals("20200102", full.getString(Tag.ExpiryDate));
        assertEquals("ACME", full.getString(Tag.Manufacturer));
        Profile modified = Profile.of("m", Option.RETAIN_LONGITUDINAL_MODIFIED_DATES);
        Attributes m = deid(modified);
        int shift = new DeidContext(modified, new Pseudonymizer(Corpus.TEST_KEY), null, PseudonymListener.NONE,
                -3650, -365, sample()).dateShiftDays();
        assertEquals(java.time.LocalDate.of(2020, 1, 2).plusDays(shift)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE),
                m.getString(Tag.ExpiryDate));
    }

    @Test
    void everyListEntryHasAReasonAndIsUnlisted() {
        assertTrue(UnlistedAttributePolicy.safeList().size() >= 5);
        UnlistedAttributePolicy.safeList().forEach((tag, e) -> {
            assertFalse(e.reason().isBlank());
            assertNull(ActionTable.standard().row(tag));
        });
    }
}
