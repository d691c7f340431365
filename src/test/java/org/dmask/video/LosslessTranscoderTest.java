package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcoding fallback's decoder gives exactly what DCMTK's decoders give: every sample of JPEG Lossless (16-bit
 * signed CT, and a 12-bit image DCMTK compressed here), JPEG-LS Lossless and RLE Lossless (16-bit MR, 32-bit RGB in two
 * frames) against dcmdjpeg, dcmdjpls and dcmdrle. Lossy and undecidable inputs are refused with the reason.
 */
@SlowTest
class LosslessTranscoderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private record Decoded(String ts, Attributes ds, byte[] pixels) {
    }

    private static Decoded read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            String ts = in.readFileMetaInformation().getString(Tag.TransferSyntaxUID);
            Attributes ds = in.readDataset();
            Object v = ds.getValue(Tag.PixelData);
            byte[] px = v instanceof BulkData b ? b.toBytes() : v instanceof byte[] a ? a : null;
            ds.disposeBulkData();
            return new Decoded(ts, ds, px);
        }
    }

    private Path dcmtk(String tool, Path in, String... options) {
        Path out = tmp.resolve(tool + "-" + in.getFileName());
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.require(tool, "dcmtk").toString()));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(in.toString(), out.toString()));
        Peers.ProcessResult r = Peers.run(TIMEOUT, cmd);
        assertEquals(0, r.exitCode(), r.toString());
        return out;
    }

    private void sameAsDcmtk(Path compressed, Path reference) throws IOException {
        Path ours = tmp.resolve("ours-" + compressed.getFileName());
        LosslessTranscoder.toExplicitVRLittleEndian(compressed, ours);
        Decoded got = read(ours);
        Decoded want = read(reference);
        assertEquals(UID.ExplicitVRLittleEndian, got.ts());
        assertEquals(want.pixels().length, got.pixels().length, compressed.getFileName().toString());
        assertArrayEquals(want.pixels(), got.pixels(), compressed.getFileName() + ": every sample as DCMTK decodes it");
        assertEquals(read(compressed).ds().getString(Tag.SOPInstanceUID), got.ds().getString(Tag.SOPInstanceUID));
        assertEquals(want.ds().getInt(Tag.PlanarConfiguration, 0), got.ds().getInt(Tag.PlanarConfiguration, 0));
        List<String> leftovers;
        try (var s = Files.list(tmp)) {
            leftovers = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
        assertEquals(List.of(), leftovers, "no temporary file left");
    }

    @Test
    void jpegLosslessAsDcmdjpeg() throws Exception {
        Path ct = Peers.shared(
                "dicom-corpus/dev/cornerstone3D__CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm");
        sameAsDcmtk(ct, dcmtk("dcmdjpeg", ct, "+te"));
        // 12 bits stored in 16: DCMTK decodes pydicom's JPEG Extended, then compresses it losslessly (SV1).
        Path native12 = dcmtk("dcmdjpeg", Peers.shared("dicom-corpus/dev/pydicom__JPGExtended.dcm"), "+te");
        Path lossless12 = dcmtk("dcmcjpeg", native12, "+e1");
        assertEquals(UID.JPEGLosslessSV1, read(lossless12).ts());
        sameAsDcmtk(lossless12, native12);
    }

    @Test
    void jpegLsLosslessAsDcmdjpls() throws Exception {
        Path mr = Peers.shared("dicom-corpus/dev/pydicom__MR_small_jpeg_ls_lossless.dcm");
        sameAsDcmtk(mr, dcmtk("dcmdjpls", mr, "+te"));
    }

    @Test
    void rleAsDcmdrle() throws Exception {
        for (String name : List.of("pydicom__MR_small_RLE.dcm", "pydicom__SC_rgb_rle_32bit_2frame.dcm")) {
            Path f = Peers.shared("dicom-corpus/dev/" + name);
            sameAsDcmtk(f, dcmtk("dcmdrle", f, "+te"));
        }
        // 8-bit RGB, compressed by DCMTK here from the corpus's native image.
        Path rgb = Peers.shared("dicom-corpus/dev/pydicom__SC_rgb_small_odd.dcm");
        Path rle = dcmtk("dcmcrle", rgb);
        assertEquals(UID.RLELossless, read(rle).ts());
        sameAsDcmtk(rle, dcmtk("dcmdrle", rle, "+te"));
    }

    @Test
    void lossyAndUndecidableAreRefusedWithTheReason() throws Exception {
        Path out = tmp.resolve("out.dcm");
        VideoException jpeg = assertThrows(VideoException.class, () -> LosslessTranscoder.toExplicitVRLittleEndian(
                Peers.shared("dicom-corpus/dev/pydicom__SC_rgb_jpeg_dcmtk.dcm"), out));
        assertTrue(jpeg.getMessage().startsWith("no lossless decoding from JPEG Baseline"), jpeg.getMessage());
        VideoException j2k = assertThrows(VideoException.class, () -> LosslessTranscoder.toExplicitVRLittleEndian(
                Peers.shared("dicom-corpus/dev/pydicom__MR_small_jp2klossless.dcm"), out));
        assertTrue(j2k.getMessage().contains("JPEG 2000"), j2k.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }
}
