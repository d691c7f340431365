package org.dmask.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;
import org.dmask.video.FrameSource;
import org.dmask.video.FrameSources;
import org.dmask.video.LosslessTranscoder;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoFrame;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed images are decoded, cleaned and written in Explicit VR Little Endian: a JPEG Baseline endoscopy-like
 * image with planted text becomes 8-bit RGB without the text and, outside the blanked boxes, exactly the decoded
 * source; an RLE Lossless corpus image (signed 16-bit MR) is decoded losslessly and a region template blanks exactly
 * its rectangle with the image's own black, its smallest stored value.
 */
@SlowTest
@Timeout(300)
class CompressedImagesCleanTest {

    @TempDir
    Path dir;

    @Test
    void jpegBaselineBecomesRgbWithoutItsText() throws Exception {
        PlantedText.Frame f = PlantedText.frame(640, 480, true, PlantedText.Background.PLAIN, 900);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(640, 480,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(f.bgr(), 0, ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0,
                f.bgr().length);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        writer.dispose();
        Attributes ds = PixelFixtures.base(UID.VLEndoscopicImageStorage, 640, 480);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "YBR_FULL_422");
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setString(Tag.LossyImageCompression, VR.CS, "01");
        Fragments frags = new Fragments(VR.OB);
        frags.add(new byte[0]);
        byte[] bytes = jpeg.toByteArray();
        frags.add(bytes.length % 2 == 0 ? bytes : java.util.Arrays.copyOf(bytes, bytes.length + 1));
        ds.setValue(Tag.PixelData, VR.OB, frags);
        Path in = dir.resolve("jpeg.dcm");
        VideoFixtures.write(ds, UID.JPEGBaseline8Bit, in);

        byte[] decoded;
        VideoFixtures.Read src = VideoFixtures.read(in);
        try (FrameSource s = FrameSources.open(src.ds(), src.tsuid())) {
            VideoFrame frame = s.newFrame();
            s.read(frame);
            decoded = PixelFixtures.rgb(frame.bgr());
        }
        Path out = dir.resolve("jpeg-clean.dcm");
        PixelCleaner.Result r = PixelFixtures.cleaner(RegionTemplates.NONE, true, 10, dir).clean(in, out);
        VideoFixtures.Read read = VideoFixtures.read(out);
        assertEquals(UID.ExplicitVRLittleEndian, read.tsuid());
        assertEquals("RGB", read.ds().getString(Tag.PhotometricInterpretation));
        assertEquals("01", read.ds().getString(Tag.LossyImageCompression), "still once lossy");
        byte[] after = PixelCleanerTest.pixels(out);
        PixelCleanerTest.assertOnlyBlanked(decoded, after, 3, 640, r.blanked().get(0), 0);
        byte[] grey = new byte[640 * 480];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) ((77 * (after[3 * i] & 0xff) + 150 * (after[3 * i + 1] & 0xff)
                    + 29 * (after[3 * i + 2] & 0xff) + 128) >> 8);
        }
        try (TextDetector ocr = new TextDetector(PixelFixtures.traineddata())) {
            assertEquals(Set.of(), PixelFixtures.stillReadable(ocr, grey, 640, 480, f.words()));
        }
        PixelCleanerTest.assertRecorded(out, "DMASK CLEAN PIXEL DATA OCR");
    }

    @Test
    void rleLosslessIsDecodedAndATemplateBlanksExactlyItsRectangle() throws Exception {
        Path in = Peers.shared("dicom-corpus/dev/pydicom__MR_small_RLE.dcm");
        Attributes ds = VideoFixtures.read(in).ds();
        int rows = ds.getInt(Tag.Rows, 0);
        int cols = ds.getInt(Tag.Columns, 0);
        String yaml = """
                templates:
                  - name: corpus-mr
                    manufacturer: "%s"
                    model: "%s"
                    sop-class: %s
                    rows: %d
                    columns: %d
                    regions:
                      - {x: 4, y: 2, width: 20, height: 10}
                """.formatted(ds.getString(Tag.Manufacturer, "").strip(),
                ds.getString(Tag.ManufacturerModelName, "").strip(), ds.getString(Tag.SOPClassUID), rows, cols);
        Path decoded = dir.resolve("decoded.dcm");
        LosslessTranscoder.toExplicitVRLittleEndian(in, decoded);
        byte[] before = PixelCleanerTest.pixels(decoded);
        Path out = dir.resolve("rle-clean.dcm");
        PixelCleaner.Result r = PixelFixtures.cleaner(RegionTemplates.parse("t.yaml", yaml), false, 10, dir)
                .clean(in, out);
        assertEquals(List.of("corpus-mr"), r.templates());
        assertEquals(UID.ExplicitVRLittleEndian, VideoFixtures.read(out).tsuid());
        assertEquals(16, ds.getInt(Tag.BitsAllocated, 0));
        // black of a signed MONOCHROME2 image: its smallest stored value, little endian
        int bitsStored = ds.getInt(Tag.BitsStored, 16);
        int black = ds.getInt(Tag.PixelRepresentation, 0) == 1 ? -(1 << (bitsStored - 1)) : 0;
        PixelCleanerTest.assertOnlyBlanked(before, PixelCleanerTest.pixels(out), cols,
                List.of(new Region(4, 2, 20, 10)), new byte[] {(byte) black, (byte) (black >> 8)});
        PixelCleanerTest.assertRecorded(out, "DMASK CLEAN PIXEL DATA TEMPLATES");
    }
}
