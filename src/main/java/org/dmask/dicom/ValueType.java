package org.dmask.dicom;

/**
 * How the bytes of a value become strings and numbers, and back. Each {@link VR} carries one, as dcm4che's VR
 * carries its value type, so {@link Attributes} and the tools ask the VR instead of switching on it. The data set
 * supplies the byte order and the Specific Character Set; padding to even length is left to the caller, which
 * knows the VR's padding byte.
 */
public interface ValueType {

    /** The values as strings: text decoded and trimmed of its padding, numbers formatted; empty for opaque bytes. */
    String[] toStrings(byte[] raw, boolean bigEndian, SpecificCharacterSet cs);

    /**
     * The values as ints; empty where the VR holds no integers.
     *
     * @throws IllegalArgumentException when a value that should be an integer is not one
     */
    int[] toInts(byte[] raw, boolean bigEndian);

    /**
     * The values as doubles; empty where the VR holds no numbers.
     *
     * @throws IllegalArgumentException when a value that should be a number is not one
     */
    double[] toDoubles(byte[] raw, boolean bigEndian);

    /**
     * Encodes string values, joined by backslashes and not yet padded.
     *
     * @throws UnsupportedOperationException where the VR does not hold strings
     */
    byte[] toBytes(String[] values, SpecificCharacterSet cs);

    /**
     * Encodes int values, in the given byte order where they are binary.
     *
     * @throws UnsupportedOperationException where the VR cannot hold integers
     */
    byte[] toBytes(int[] values, boolean bigEndian);
}
