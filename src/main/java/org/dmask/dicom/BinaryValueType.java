package org.dmask.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary VRs (PS3.5 §6.2): fixed-size numbers in the transfer syntax's byte order, attribute tags, and the
 * opaque OB/OW/OF/OD/OL/OV/UN family, whose bytes are not read as values here (pixel data and the like).
 */
public enum BinaryValueType implements ValueType {
    /** OB, OD, OF, OL, OV, OW, UN: bytes that are not read as values. */
    OPAQUE(0),
    /** US: unsigned 16-bit. */
    UNSIGNED_SHORT(2) {
        @Override
        String format(ByteBuffer bb) {
            return Integer.toString(bb.getShort() & 0xFFFF);
        }

        @Override
        int readInt(ByteBuffer bb) {
            return bb.getShort() & 0xFFFF;
        }
    },
    /** SS: signed 16-bit. */
    SIGNED_SHORT(2) {
        @Override
        String format(ByteBuffer bb) {
            return Short.toString(bb.getShort());
        }

        @Override
        int readInt(ByteBuffer bb) {
            return bb.getShort();
        }
    },
    /** UL: unsigned 32-bit (as an int, its bits kept; as a double, its value). */
    UNSIGNED_LONG(4) {
        @Override
        String format(ByteBuffer bb) {
            return Long.toString(bb.getInt() & 0xFFFFFFFFL);
        }

        @Override
        int readInt(ByteBuffer bb) {
            return bb.getInt();
        }
    },
    /** SL: signed 32-bit. */
    SIGNED_LONG(4) {
        @Override
        String format(ByteBuffer bb) {
            return Integer.toString(bb.getInt());
        }

        @Override
        int readInt(ByteBuffer bb) {
            return bb.getInt();
        }
    },
    /** FL: IEEE 754 single. */
    FLOAT(4) {
        @Override
        String format(ByteBuffer bb) {
            return Float.toString(bb.getFloat());
        }

        @Override
        public double[] toDoubles(byte[] raw, boolean bigEndian) {
            ByteBuffer bb = buffer(raw, bigEndian);
            double[] out = new double[raw.length / 4];
            for (int k = 0; k < out.length; k++) {
                out[k] = bb.getFloat();
            }
            return out;
        }
    },
    /** FD: IEEE 754 double. */
    DOUBLE(8) {
        @Override
        String format(ByteBuffer bb) {
            return Double.toString(bb.getDouble());
        }

        @Override
        public double[] toDoubles(byte[] raw, boolean bigEndian) {
            ByteBuffer bb = buffer(raw, bigEndian);
            double[] out = new double[raw.length / 8];
            for (int k = 0; k < out.length; k++) {
                out[k] = bb.getDouble();
            }
            return out;
        }
    },
    /** SV: signed 64-bit. */
    SIGNED_VERY_LONG(8) {
        @Override
        String format(ByteBuffer bb) {
            return Long.toString(bb.getLong());
        }
    },
    /** UV: unsigned 64-bit. */
    UNSIGNED_VERY_LONG(8) {
        @Override
        String format(ByteBuffer bb) {
            return Long.toUnsignedString(bb.getLong());
        }
    },
    /** AT: a tag as group and element, each 16-bit in the transfer syntax's byte order. */
    TAG(4) {
        @Override
        String format(ByteBuffer bb) {
            return Tags.toString(((bb.getShort() & 0xFFFF) << 16) | (bb.getShort() & 0xFFFF));
        }
    };

    private final int unit;

    BinaryValueType(int unit) {
        this.unit = unit;
    }

    /** Bytes per value; 0 for the opaque family. */
    public int unit() {
        return unit;
    }

    /** Formats the value at the buffer's position, advancing it; only called where unit() > 0. */
    String format(ByteBuffer bb) {
        throw new UnsupportedOperationException(name());
    }

    /** Reads an integer value; only the 16- and 32-bit integer kinds override it. */
    int readInt(ByteBuffer bb) {
        throw new UnsupportedOperationException(name());
    }

    private boolean holdsInts() {
        return this == UNSIGNED_SHORT || this == SIGNED_SHORT || this == UNSIGNED_LONG || this == SIGNED_LONG;
    }

    static ByteBuffer buffer(byte[] raw, boolean bigEndian) {
        return ByteBuffer.wrap(raw).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** Ints as doubles; {@code unsigned} reads them as unsigned 32-bit values. */
    static double[] widen(int[] ints, boolean unsigned) {
        double[] out = new double[ints.length];
        for (int k = 0; k < ints.length; k++) {
            out[k] = unsigned ? ints[k] & 0xFFFFFFFFL : ints[k];
        }
        return out;
    }

    @Override
    public String[] toStrings(byte[] raw, boolean bigEndian, SpecificCharacterSet cs) {
        if (unit == 0) {
            return new String[0];
        }
        ByteBuffer bb = buffer(raw, bigEndian);
        String[] out = new String[raw.length / unit];
        for (int k = 0; k < out.length; k++) {
            out[k] = format(bb);
        }
        return out;
    }

    @Override
    public int[] toInts(byte[] raw, boolean bigEndian) {
        if (!holdsInts()) {
            return new int[0];
        }
        ByteBuffer bb = buffer(raw, bigEndian);
        int[] out = new int[raw.length / unit];
        for (int k = 0; k < out.length; k++) {
            out[k] = readInt(bb);
        }
        return out;
    }

    @Override
    public double[] toDoubles(byte[] raw, boolean bigEndian) {
        return widen(toInts(raw, bigEndian), this == UNSIGNED_LONG);
    }

    @Override
    public byte[] toBytes(String[] values, SpecificCharacterSet cs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] toBytes(int[] values, boolean bigEndian) {
        if (!holdsInts()) {
            throw new UnsupportedOperationException();
        }
        ByteBuffer bb = ByteBuffer.allocate(values.length * unit)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (unit == 2) {
                bb.putShort((short) v);
            } else {
                bb.putInt(v);
            }
        }
        return bb.array();
    }
}
