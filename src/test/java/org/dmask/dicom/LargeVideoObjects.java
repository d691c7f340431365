package org.dmask.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a Video Photographic object with more than 4 GiB of encapsulated pixel data on local disk, for the streaming
 * tests: the meta group and header attributes through our writer, then the pixel data element in its raw encoding
 * (empty offset table, 65 fragments of 64 MiB, each with its index in the first byte).
 */
public final class LargeVideoObjects {

    public static final int FRAGMENT = 64 * 1024 * 1024;
    /** 65 × 64 MiB = 4.06 GiB, past the 32-bit boundary. */
    public static final int FRAGMENTS = 65;

    private LargeVideoObjects() {
    }

    /** Writes the object; {@code uidRoot} makes its study, series and instance UIDs ({@code root.1} and so on). */
    public static void write(Path file, String uidRoot) throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.VideoPhotographicImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, uidRoot + ".1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, uidRoot + ".2");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, uidRoot + ".3");
        ds.setString(Tag.Modality, VR.CS, "XC");
        ds.setString(Tag.NumberOfFrames, VR.IS, "1");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            DicomOutputStream dos = new DicomOutputStream(out);
            dos.writeDicomFile(null, ds, TransferSyntax.of(UID.MPEG4HP41));
            dos.flush();
            ByteBuffer header = ByteBuffer.allocate(12 + 8).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                    .putInt(-1);
            header.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0); // empty basic offset table
            out.write(header.array());
            byte[] chunk = new byte[FRAGMENT];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + (i >>> 16));
            }
            ByteBuffer item = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < FRAGMENTS; f++) {
                item.clear();
                item.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(FRAGMENT);
                out.write(item.array());
                chunk[0] = (byte) f;
                out.write(chunk);
            }
            item.clear();
            item.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
            out.write(item.array());
        }
    }
}
