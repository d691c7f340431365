package org.dmask.dicom;

import java.util.ArrayList;

/** The items of a sequence (SQ). Each item is an {@link Attributes} whose parent is the data set holding the sequence. */
public final class Sequence extends ArrayList<Attributes> {

    private final Attributes parent;

    Sequence(Attributes parent, int initialCapacity) {
        super(initialCapacity);
        this.parent = parent;
    }

    public Attributes parent() {
        return parent;
    }

    /** Adds a new empty item that inherits the parent's byte order and character set, and returns it. */
    public Attributes addItem() {
        Attributes item = new Attributes(parent.bigEndian(), 8);
        add(item);
        return item;
    }

    @Override
    public boolean add(Attributes item) {
        item.setParent(parent);
        return super.add(item);
    }
}
