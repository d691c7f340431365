package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ElementDictionaryTest {

    @Test
    void standardAttributes() {
        assertEquals(VR.PN, ElementDictionary.vrOf(Tag.PatientName));
        assertEquals(0x00100010, Tag.PatientName);
        assertEquals("PatientName", ElementDictionary.keywordOf(0x00100010));
        assertEquals("Patient's Name", ElementDictionary.nameOf(0x00100010));
        assertEquals("1", ElementDictionary.vmOf(Tag.PatientName));
        assertEquals("1-n", ElementDictionary.vmOf(Tag.SpecificCharacterSet));
        assertEquals(VR.UI, ElementDictionary.vrOf(Tag.TransferSyntaxUID));
        assertEquals(VR.SQ, ElementDictionary.vrOf(Tag.ReferencedImageSequence));
        assertEquals(VR.UL, ElementDictionary.vrOf(Tag.FileMetaInformationGroupLength));
        assertEquals(VR.OB, ElementDictionary.vrOf(Tag.FileMetaInformationVersion));
    }

    @Test
    void multiVrChoicesForImplicitVr() {
        assertEquals(VR.OW, ElementDictionary.vrOf(Tag.PixelData));
        assertEquals(VR.US, ElementDictionary.vrOf(Tag.SmallestImagePixelValue));
        assertEquals(VR.US, ElementDictionary.vrOf(Tag.PixelPaddingValue));
        assertEquals(VR.OW, ElementDictionary.vrOf(Tag.LUTData));
        assertEquals(VR.OW, ElementDictionary.vrOf(Tag.WaveformData));
    }

    @Test
    void repeatingGroups() {
        assertEquals(0x60003000, Tag.OverlayData);
        assertEquals(VR.OW, ElementDictionary.vrOf(0x60023000));
        assertEquals("OverlayData", ElementDictionary.keywordOf(0x60023000));
        assertEquals("OverlayRows", ElementDictionary.keywordOf(0x601E0010));
        assertEquals(VR.US, ElementDictionary.vrOf(0x60020010));
        assertEquals("CurveData", ElementDictionary.keywordOf(0x50043000));
        assertEquals("VariablePixelData", ElementDictionary.keywordOf(0x7F020010));
        // (0028,04x0) nibble wildcard
        assertEquals("RowsForNthOrderCoefficients", ElementDictionary.keywordOf(0x00280430));
        assertEquals(VR.US, ElementDictionary.vrOf(0x00280430));
        assertTrue(ElementDictionary.isRetired(0x00280430));
        // odd groups are private, never a repeating group
        assertEquals("", ElementDictionary.keywordOf(0x60013000));
        assertEquals(VR.UN, ElementDictionary.vrOf(0x60013000));
    }

    @Test
    void genericRules() {
        assertEquals(VR.LO, ElementDictionary.vrOf(0x00090010));
        assertEquals(VR.LO, ElementDictionary.vrOf(0x000900FF));
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00091001));
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00091001, "ACME 1.0"));
        assertEquals(VR.LO, ElementDictionary.vrOf(0x00090010, "ACME 1.0"));
        assertEquals(VR.PN, ElementDictionary.vrOf(Tag.PatientName, "ACME 1.0"));
        assertEquals(VR.UL, ElementDictionary.vrOf(0x00080000));
        assertEquals(VR.UL, ElementDictionary.vrOf(0x00090000));
        assertEquals(VR.UN, ElementDictionary.vrOf(0x00080003));
        assertEquals("", ElementDictionary.keywordOf(0x00091001));
        assertEquals("", ElementDictionary.nameOf(0x00091001));
        assertEquals(-1, ElementDictionary.tagForKeyword("NoSuchKeyword"));
        assertEquals(-1, ElementDictionary.tagForKeyword(null));
    }

    @Test
    void itemTags() {
        assertEquals(0xFFFEE000, Tag.Item);
        assertEquals(0xFFFEE00D, Tag.ItemDelimitationItem);
        assertEquals(0xFFFEE0DD, Tag.SequenceDelimitationItem);
        assertEquals(VR.NONE, ElementDictionary.vrOf(Tag.Item));
        assertEquals(VR.NONE, ElementDictionary.vrOf(Tag.ItemDelimitationItem));
        assertEquals(VR.NONE, ElementDictionary.vrOf(Tag.SequenceDelimitationItem));
    }

    @Test
    void retiredFlag() {
        assertTrue(ElementDictionary.isRetired(Tag.LengthToEnd));
        assertTrue(ElementDictionary.isRetired(Tag.GrayLookupTableDescriptor));
        assertFalse(ElementDictionary.isRetired(Tag.PatientName));
        assertFalse(ElementDictionary.isRetired(0x00091001));
    }

    @Test
    void everyTagConstantRoundTrips() throws IllegalAccessException {
        int n = 0;
        for (Field f : Tag.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (f.getType() != int.class || !Modifier.isStatic(m) || !Modifier.isPublic(m)) {
                continue;
            }
            int tag = f.getInt(null);
            assertEquals(tag, ElementDictionary.tagForKeyword(f.getName()), f.getName());
            assertEquals(f.getName(), ElementDictionary.keywordOf(tag), f.getName());
            n++;
        }
        assertTrue(n > 4000, "only " + n + " Tag constants");
    }

    @Test
    void uids() {
        assertEquals("1.2.840.10008.1.2", UID.ImplicitVRLittleEndian);
        assertEquals("1.2.840.10008.1.2.1", UID.ExplicitVRLittleEndian);
        assertEquals("1.2.840.10008.5.1.4.1.1.1", UID.ComputedRadiographyImageStorage);
        assertEquals("Computed Radiography Image Storage", UID.nameOf(UID.ComputedRadiographyImageStorage));
        assertEquals("Verification SOP Class", UID.nameOf("1.2.840.10008.1.1"));
        assertEquals("", UID.nameOf("1.2.3.4"));
        assertEquals("", UID.nameOf(null));
        assertTrue(UID.isTransferSyntax(UID.JPEGBaseline8Bit));
        assertTrue(UID.isTransferSyntax(UID.RLELossless));
        assertTrue(UID.isTransferSyntax(UID.DeflatedImageFrameCompression));
        assertFalse(UID.isTransferSyntax(UID.ComputedRadiographyImageStorage));
        assertFalse(UID.isTransferSyntax(null));
    }
}
