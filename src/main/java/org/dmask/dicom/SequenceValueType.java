package org.dmask.dicom;

/** SQ: its value is a {@link Sequence} of items, never bytes to convert. */
enum SequenceValueType implements ValueType {
    SEQUENCE;

    @Override
    public String[] toStrings(byte[] raw, boolean bigEndian, SpecificCharacterSet cs) {
        return new String[0];
    }

    @Override
    public int[] toInts(byte[] raw, boolean bigEndian) {
        return new int[0];
    }

    @Override
    public double[] toDoubles(byte[] raw, boolean bigEndian) {
        return new double[0];
    }

    @Override
    public byte[] toBytes(String[] values, SpecificCharacterSet cs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] toBytes(int[] values, boolean bigEndian) {
        throw new UnsupportedOperationException();
    }
}
