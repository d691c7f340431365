package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;

/**
 * Test fixtures made here: streams encoded by the ffmpeg command line (or taken from ../shared/media), wrapped into
 * DICOM video objects by our own writer, with the attributes of the corpus's valid video objects as the template.
 */
public final class VideoFixtures {

    private VideoFixtures() {
    }

    /** Runs the ffmpeg command line; fails the test when it fails. */
    public static void ffmpeg(String... args) {
        Path ffmpeg = Peers.require("ffmpeg", "ffmpeg");
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        Peers.ProcessResult r = Peers.run(Duration.ofMinutes(5), cmd);
        assertEquals(0, r.exitCode(), () -> r.toString());
    }

    /** The data set of a corpus video object of {@code sopClass}, without its Pixel Data: a valid IOD template. */
    public static Attributes template(String sopClass) throws IOException {
        String name = switch (sopClass) {
            case UID.VideoEndoscopicImageStorage -> "constructed__video_endoscopic_mpeg2_mpml.dcm";
            case UID.VideoMicroscopicImageStorage -> "constructed__video_microscopic_hevc_main_mp4.dcm";
            default -> "constructed__video_photographic_h264_hp41_mp4.dcm";
        };
        try (DicomInputStream in = new DicomInputStream(Peers.shared("dicom-corpus/dev").resolve(name))) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.remove(Tag.PixelData);
            return ds;
        }
    }

    /**
     * Wraps a stream file into a DICOM video object: the template's attributes, the given frame count, rate and size,
     * a new SOP Instance UID, an empty offset table and the stream split into {@code fragments} pieces of even
     * length (the last one padded by the writer).
     */
    public static Path wrap(Path stream, String sopClass, String tsuid, int fragments, int frames, FrameRate rate, int width,
            int height, Path out) throws IOException {
        Attributes ds = template(sopClass);
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, VideoEncapsulator.newUid());
        ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        ds.setString(Tag.FrameTime, VR.DS, rate.frameTimeDS());
        ds.setString(Tag.CineRate, VR.IS, Integer.toString(rate.roundedFps()));
        ds.setInt(Tag.Rows, VR.US, height);
        ds.setInt(Tag.Columns, VR.US, width);
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        long len = Files.size(stream);
        long piece = Math.max(2, (len / fragments + 1) & ~1L);
        for (long off = 0; off < len; off += piece) {
            f.add(new BulkData(stream, off, Math.min(piece, len - off), false));
        }
        ds.setValue(Tag.PixelData, VR.OB, f);
        write(ds, tsuid, out);
        return out;
    }

    public static void write(Attributes ds, String tsuid, Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); DicomOutputStream dos = new DicomOutputStream(os)) {
            dos.writeDicomFile(DicomOutputStream.createFileMetaInformation(ds.getString(Tag.SOPClassUID),
                    ds.getString(Tag.SOPInstanceUID), tsuid), ds, TransferSyntax.of(tsuid));
        }
    }

    /** Concatenates the fragments of a video object into a file, as a viewer extracts the stream. */
    public static Path extractStream(Path dicom, Path out) throws IOException {
        try (DicomInputStream in = new DicomInputStream(dicom)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            Fragments f = (Fragments) ds.getValue(Tag.PixelData);
            try (FragmentInputStream s = new FragmentInputStream(f, 1); OutputStream os = Files.newOutputStream(out)) {
                s.transferTo(os);
            }
        }
        return out;
    }

    /** Reads a DICOM file's data set (bulk data left in the file) and its transfer syntax. */
    public record Read(Attributes fmi, Attributes ds, String tsuid) {
    }

    public static Read read(Path dicom) throws IOException {
        try (DicomInputStream in = new DicomInputStream(dicom)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            return new Read(fmi, ds, in.transferSyntax().uid());
        }
    }
}
