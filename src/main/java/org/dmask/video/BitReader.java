package org.dmask.video;

/** Reads bits MSB first from an RBSP (emulation prevention bytes already removed), with Exp-Golomb codes. */
final class BitReader {

    private final byte[] data;
    private long bit;

    BitReader(byte[] data) {
        this.data = data;
    }

    int u(int n) throws VideoException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    boolean flag() throws VideoException {
        return bit() == 1;
    }

    /** ue(v): unsigned Exp-Golomb. */
    int ue() throws VideoException {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new VideoException("Exp-Golomb code longer than 32 bits at bit " + bit);
            }
        }
        return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(u(zeros))));
    }

    /** se(v): signed Exp-Golomb. */
    int se() throws VideoException {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    private int bit() throws VideoException {
        if (bit >= 8L * data.length) {
            throw new VideoException("bit stream ends after " + data.length + " bytes");
        }
        int b = (data[(int) (bit >>> 3)] >> (7 - (bit & 7))) & 1;
        bit++;
        return b;
    }

    /** The RBSP of a NAL unit payload: every 00 00 03 loses its 03. */
    static byte[] unescape(byte[] nal, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < to; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
