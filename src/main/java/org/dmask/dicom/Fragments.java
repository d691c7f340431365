package org.dmask.dicom;

import java.util.ArrayList;

/**
 * Encapsulated Pixel Data (PS3.5 §A.4): the items of an undefined-length OB value. The first item is the Basic Offset
 * Table (possibly empty); each further item is a fragment. An item is either a {@code byte[]} held in memory or a
 * {@link BulkData} range left on disk.
 */
public final class Fragments extends ArrayList<Object> {

    private final VR vr;

    public Fragments(VR vr) {
        this.vr = vr;
    }

    public VR vr() {
        return vr;
    }

    /** Length in bytes of item {@code i}'s value. */
    public long itemLength(int i) {
        Object o = get(i);
        return o instanceof BulkData b ? b.length() : ((byte[]) o).length;
    }

    @Override
    public boolean add(Object item) {
        if (!(item instanceof byte[]) && !(item instanceof BulkData)) {
            throw new IllegalArgumentException("a fragment is byte[] or BulkData, not " + item);
        }
        return super.add(item);
    }
}
