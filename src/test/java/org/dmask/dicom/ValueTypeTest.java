package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Each VR converts its own values: the conversions Attributes relies on, asked of the VR's value type. */
class ValueTypeTest {

    @Test
    void everyVrHasAValueTypeOfItsKind() {
        for (VR vr : VR.values()) {
            ValueType t = vr.valueType();
            if (vr.isString()) {
                assertTrue(t instanceof StringValueType, vr + " is a string VR");
                assertEquals(vr.usesSpecificCharacterSet(), ((StringValueType) t).usesSpecificCharacterSet(), vr.name());
                assertEquals(vr.isMultiValued(), ((StringValueType) t).isMultiValued(), vr.name());
            } else if (vr == VR.SQ) {
                assertEquals(SequenceValueType.SEQUENCE, t);
            } else {
                assertTrue(t instanceof BinaryValueType, vr + " is binary");
                assertEquals(vr.isBulkCapable() || vr == VR.NONE, t == BinaryValueType.OPAQUE, vr.name());
            }
        }
    }

    @Test
    void binaryNumbersInBothByteOrders() {
        byte[] le = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertArrayEquals(new String[] {"4294967294"}, VR.UL.valueType().toStrings(le, false, null));
        assertArrayEquals(new String[] {"-2"}, VR.SL.valueType().toStrings(le, false, null));
        assertArrayEquals(new double[] {4294967294d}, VR.UL.valueType().toDoubles(le, false));
        assertArrayEquals(new String[] {"65534", "65535"}, VR.US.valueType().toStrings(le, false, null));
        assertArrayEquals(new int[] {-2, -1}, VR.SS.valueType().toInts(le, false));
        byte[] be = VR.US.valueType().toBytes(new int[] {0x1234}, true);
        assertArrayEquals(new byte[] {0x12, 0x34}, be);
        assertArrayEquals(new int[] {0x1234}, VR.US.valueType().toInts(be, true));
        // AT: group then element, each in the transfer syntax's byte order
        assertArrayEquals(new String[] {"(0010,0020)"},
                VR.AT.valueType().toStrings(new byte[] {0x10, 0, 0x20, 0}, false, null));
    }

    @Test
    void opaqueBytesAreNotValues() {
        assertEquals(0, VR.OB.valueType().toStrings(new byte[4], false, null).length);
        assertEquals(0, VR.OW.valueType().toInts(new byte[4], false).length);
        assertThrows(UnsupportedOperationException.class, () -> VR.OB.valueType().toBytes(new int[] {1}, false));
        assertThrows(UnsupportedOperationException.class, () -> VR.FL.valueType().toBytes(new String[] {"1"}, null));
    }

    @Test
    void numericStringsParseAndRejectWhatIsNotANumber() {
        byte[] is = "+12\\-3 ".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(new int[] {12, -3}, VR.IS.valueType().toInts(is, false));
        assertArrayEquals(new double[] {1.5, -2e3}, VR.DS.valueType().toDoubles("1.5\\-2E3".getBytes(), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VR.IS.valueType().toInts("1.5 ".getBytes(), false));
        assertEquals("IS value '1.5' is not an integer", e.getMessage());
        assertEquals("7\\8", new String(VR.IS.valueType().toBytes(new int[] {7, 8}, false), StandardCharsets.US_ASCII));
    }

    @Test
    void paddingIsTrimmedAsEachKindAllows() {
        assertEquals("  indented", StringValueType.TEXT.trim("  indented \0"));
        for (VR vr : EnumSet.of(VR.CS, VR.LO, VR.PN, VR.UI, VR.UR)) {
            assertEquals("x", vr.valueType().toStrings(" x \0".getBytes(StandardCharsets.US_ASCII), false,
                    SpecificCharacterSet.DEFAULT)[0], vr.name());
        }
    }

    @Test
    void attributesAskTheVrAndNameTheTagInErrors() {
        Attributes a = new Attributes();
        a.setInt(Tag.InstanceNumber, VR.IS, 5);
        assertEquals(5, a.getInt(Tag.InstanceNumber, 0));
        a.setString(Tag.InstanceNumber, VR.IS, "five");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.getInts(Tag.InstanceNumber));
        assertEquals("(0020,0013) IS value 'five' is not an integer", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.setString(Tag.Rows, VR.US, "1"));
        assertThrows(IllegalArgumentException.class, () -> a.setInt(Tag.PixelData, VR.OB, 1));
    }
}
