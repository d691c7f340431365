package org.dmask.dicom;

/** Helpers on tag numbers: formatting, groups, private tags. */
public final class Tags {

    private Tags() {
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** "(gggg,eeee)" in upper-case hex, as dcmdump prints it. */
    public static String toString(int tag) {
        char[] c = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        for (int i = 0; i < 4; i++) {
            c[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            c[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) != 0 && group(tag) > 8;
    }

    /** A private creator element: (gggg,0010)-(gggg,00FF) in an odd group. */
    public static boolean isPrivateCreator(int tag) {
        int e = element(tag);
        return isPrivate(tag) && e >= 0x10 && e <= 0xFF;
    }

    /** The private creator element that reserves the block of a private data element, or -1. */
    public static int privateCreatorOf(int tag) {
        int e = element(tag);
        if (!isPrivate(tag) || e < 0x1000) {
            return -1;
        }
        return (tag & 0xFFFF0000) | (e >>> 8);
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    public static boolean isFileMeta(int tag) {
        return group(tag) == 2;
    }

    public static int parse(String s) {
        String t = s.replaceAll("[(),\\s]", "");
        if (t.length() != 8) {
            throw new IllegalArgumentException("not a tag: " + s);
        }
        return (int) Long.parseLong(t, 16);
    }
}
