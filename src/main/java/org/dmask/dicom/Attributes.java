package org.dmask.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A data set or sequence item: elements ordered by tag in parallel arrays, found by binary search. Values stay as the
 * raw bytes that were read (in this data set's byte order) until someone asks for them, so passing a data set through
 * costs no decoding. A value is one of: {@code byte[]} (raw, even or odd length as read), {@link Sequence},
 * {@link Fragments} (encapsulated pixel data) or {@link BulkData} (a range on disk).
 */
public final class Attributes {

    private static final byte[] EMPTY = {};

    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private final boolean bigEndian;
    private Attributes parent;
    private SpecificCharacterSet charsetCache;

    public Attributes() {
        this(false, 16);
    }

    public Attributes(boolean bigEndian, int initialCapacity) {
        int cap = Math.max(initialCapacity, 4);
        this.tags = new int[cap];
        this.vrs = new VR[cap];
        this.values = new Object[cap];
        this.bigEndian = bigEndian;
    }

    /** Byte order of the raw binary values held here. */
    public boolean bigEndian() {
        return bigEndian;
    }

    public Attributes parent() {
        return parent;
    }

    void setParent(Attributes parent) {
        this.parent = parent;
        this.charsetCache = null;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int tagAt(int index) {
        return tags[index];
    }

    public VR vrAt(int index) {
        return vrs[index];
    }

    public Object valueAt(int index) {
        return values[index];
    }

    /** Index of the element with this tag, or {@code -(insertion point) - 1}, as {@link Arrays#binarySearch}. */
    public int indexOf(int tag) {
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    public Object getValue(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? values[i] : null;
    }

    public VR getVR(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? vrs[i] : null;
    }

    /** Sets an element's value, replacing an existing one. Tags ascend, so appending in order is O(1). */
    public Attributes setValue(int tag, VR vr, Object value) {
        if (value == null) {
            value = EMPTY;
        }
        if (value instanceof Sequence s && s.parent() != this) {
            throw new IllegalArgumentException("sequence belongs to another data set; use newSequence");
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
        } else {
            insert(-i - 1, tag, vr, value);
        }
        if (tag == Tag.SpecificCharacterSet) {
            charsetCache = null;
        }
        return this;
    }

    private void insert(int at, int tag, VR vr, Object value) {
        if (size == tags.length) {
            int cap = size + (size >> 1) + 4;
            tags = Arrays.copyOf(tags, cap);
            vrs = Arrays.copyOf(vrs, cap);
            values = Arrays.copyOf(values, cap);
        }
        if (at < size) {
            System.arraycopy(tags, at, tags, at + 1, size - at);
            System.arraycopy(vrs, at, vrs, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
    }

    /** Removes an element; returns its value or null when absent. */
    public Object remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        Object old = values[i];
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        if (tag == Tag.SpecificCharacterSet) {
            charsetCache = null;
        }
        return old;
    }

    /** Creates (or replaces) a sequence element and returns it for adding items. */
    public Sequence newSequence(int tag, int initialCapacity) {
        Sequence seq = new Sequence(this, initialCapacity);
        setValue(tag, VR.SQ, seq);
        return seq;
    }

    public Sequence getSequence(int tag) {
        return getValue(tag) instanceof Sequence s ? s : null;
    }

    /** Raw bytes of a value held in memory, or null when absent or not a plain value. */
    public byte[] getBytes(int tag) {
        return getValue(tag) instanceof byte[] b ? b : null;
    }

    public Attributes setBytes(int tag, VR vr, byte[] value) {
        return setValue(tag, vr, value);
    }

    // ---------------------------------------------------------------- character sets and strings

    /** The character set in force here: this data set's (0008,0005), else the enclosing data set's. */
    public SpecificCharacterSet specificCharacterSet() {
        SpecificCharacterSet cs = charsetCache;
        if (cs == null) {
            byte[] raw = getBytes(Tag.SpecificCharacterSet);
            if (raw != null) {
                cs = SpecificCharacterSet.valueOf(VR.CS.valueType().toStrings(raw, bigEndian, null));
            } else if (parent != null) {
                cs = parent.specificCharacterSet();
            } else {
                cs = SpecificCharacterSet.DEFAULT;
            }
            charsetCache = cs;
        }
        return cs;
    }

    /** The first value of a string element, without padding; null when absent or empty. */
    public String getString(int tag) {
        String[] all = getStrings(tag);
        return all.length > 0 && !all[0].isEmpty() ? all[0] : null;
    }

    public String getString(int tag, String defaultValue) {
        String s = getString(tag);
        return s != null ? s : defaultValue;
    }

    /** All values of an element as strings; binary values are formatted as numbers. Empty array when absent. */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] raw) || raw.length == 0) {
            return new String[0];
        }
        return vrs[i].valueType().toStrings(raw, bigEndian, specificCharacterSet());
    }

    /** Sets a string element, encoded in this data set's character set and padded to even length. */
    public Attributes setString(int tag, VR vr, String... vals) {
        try {
            return setValue(tag, vr, padToEven(vr.valueType().toBytes(vals, specificCharacterSet()), vr));
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(vr + " is not a string VR");
        }
    }

    static byte[] padToEven(byte[] raw, VR vr) {
        if ((raw.length & 1) == 0) {
            return raw;
        }
        byte[] padded = Arrays.copyOf(raw, raw.length + 1);
        padded[raw.length] = (byte) vr.paddingByte();
        return padded;
    }

    // ---------------------------------------------------------------- numbers

    /** The first value as an int: binary integers (US, SS, UL, SL) or IS. */
    public int getInt(int tag, int defaultValue) {
        int[] v = getInts(tag);
        return v.length > 0 ? v[0] : defaultValue;
    }

    public int[] getInts(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] raw)) {
            return new int[0];
        }
        try {
            return vrs[i].valueType().toInts(raw, bigEndian);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Tags.toString(tag) + " " + e.getMessage(), e);
        }
    }

    /** Sets binary integers (US, SS, UL, SL) or integer strings (IS, DS). */
    public Attributes setInt(int tag, VR vr, int... vals) {
        byte[] raw;
        try {
            raw = vr.valueType().toBytes(vals, bigEndian);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot set ints as " + vr);
        }
        return setValue(tag, vr, padToEven(raw, vr));
    }

    /** The first value as a double: FL, FD or DS (and the integer VRs). */
    public double getDouble(int tag, double defaultValue) {
        double[] v = getDoubles(tag);
        return v.length > 0 ? v[0] : defaultValue;
    }

    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] raw)) {
            return new double[0];
        }
        try {
            return vrs[i].valueType().toDoubles(raw, bigEndian);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Tags.toString(tag) + " " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- dates and times

    /** A DA value (YYYYMMDD, or the old YYYY.MM.DD form); null when absent or empty. */
    public LocalDate getDate(int tag) {
        String s = getString(tag);
        if (s == null) {
            return null;
        }
        String d = s.replace(".", "");
        try {
            return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Tags.toString(tag) + " DA value '" + s + "' is not a date", e);
        }
    }

    /** A TM value (HH[MM[SS[.F{1,6}]]], or the old HH:MM:SS form); null when absent or empty. */
    public LocalTime getTime(int tag) {
        String s = getString(tag);
        return s == null ? null : parseTime(tag, s);
    }

    private static LocalTime parseTime(int tag, String s) {
        String t = s.replace(":", "");
        try {
            int h = Integer.parseInt(t.substring(0, 2));
            int m = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
            int sec = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
            int nanos = 0;
            if (t.length() > 7 && t.charAt(6) == '.') {
                String frac = (t.substring(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            return LocalTime.of(h, m, Math.min(sec, 59), nanos);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Tags.toString(tag) + " TM value '" + s + "' is not a time", e);
        }
    }

    /** A DT value (YYYY[MM[DD[HH[MM[SS[.F]]]]]] with an optional UTC offset, which is ignored here). */
    public LocalDateTime getDateTime(int tag) {
        String s = getString(tag);
        if (s == null) {
            return null;
        }
        String v = s.replaceAll("[+-]\\d{4}$", "");
        try {
            int year = Integer.parseInt(v.substring(0, 4));
            int month = v.length() >= 6 ? Integer.parseInt(v.substring(4, 6)) : 1;
            int day = v.length() >= 8 ? Integer.parseInt(v.substring(6, 8)) : 1;
            LocalTime time = v.length() >= 10 ? parseTime(tag, v.substring(8)) : LocalTime.MIDNIGHT;
            return LocalDateTime.of(LocalDate.of(year, month, day), time);
        } catch (DateTimeParseException | IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException(Tags.toString(tag) + " DT value '" + s + "' is not a date-time", e);
        }
    }

    // ---------------------------------------------------------------- private tags

    /** The private creator that reserves a private data element's block, or null. */
    public String privateCreatorOf(int tag) {
        int creatorTag = Tags.privateCreatorOf(tag);
        return creatorTag == -1 ? null : getString(creatorTag);
    }

    // ---------------------------------------------------------------- bulk data

    /** Deletes the spool files of temporary bulk data anywhere in this data set. */
    public void disposeBulkData() throws IOException {
        for (int i = 0; i < size; i++) {
            Object v = values[i];
            if (v instanceof BulkData b) {
                b.dispose();
            } else if (v instanceof Fragments f) {
                for (Object o : f) {
                    if (o instanceof BulkData b) {
                        b.dispose();
                    }
                }
            } else if (v instanceof Sequence s) {
                for (Attributes item : s) {
                    item.disposeBulkData();
                }
            }
        }
    }

    /** Tags present, in order (for tests and tools). */
    public List<Integer> tags() {
        List<Integer> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(tags[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Attributes[" + size + " elements]";
    }
}
