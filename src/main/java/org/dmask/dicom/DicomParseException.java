package org.dmask.dicom;

import java.io.IOException;

/**
 * Malformed DICOM input. The message always says where: the byte offset in the stream and, when known, the tag being
 * read, so that an administrator can look at the bytes.
 */
public class DicomParseException extends IOException {

    private final long offset;
    private final int tag;

    public DicomParseException(String what, long offset, int tag) {
        this(what, offset, tag, null);
    }

    public DicomParseException(String what, long offset, int tag, Throwable cause) {
        super(what + " at byte offset " + offset + (tag != -1 ? " in " + Tags.toString(tag) : ""), cause);
        this.offset = offset;
        this.tag = tag;
    }

    /** Byte offset in the input stream (after the preamble and file meta, counting from the file's first byte). */
    public long offset() {
        return offset;
    }

    /** The tag being read, or -1 when the error is not inside an element. */
    public int tag() {
        return tag;
    }
}
