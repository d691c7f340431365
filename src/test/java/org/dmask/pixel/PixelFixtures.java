package org.dmask.pixel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.video.FrameRate;
import org.dmask.video.H264Mp4Sink;
import org.dmask.video.VideoEncapsulator;
import org.dmask.video.VideoFixtures;
import org.dmask.video.VideoFormat;
import org.dmask.video.VideoFrame;
import org.dmask.video.VideoSettings;

/** DICOM objects made of {@link PlantedText} frames, and the OCR check of a cleaned frame. */
final class PixelFixtures {

    static final String MANUFACTURER = "ACME MEDICAL";
    static final String MODEL = "SONO 3000";

    private PixelFixtures() {
    }

    /** Tesseract's language file, installed by dmask's own installer into target/test-models. */
    static Path traineddata() {
        return InstallTestSupport.installedModels().resolve("eng.traineddata");
    }

    static PixelCleaner cleaner(RegionTemplates templates, boolean ocr, int sampleEvery, Path work) {
        return new PixelCleaner(new PixelCleaner.Settings(PixelFixtures::traineddata, templates, ocr, sampleEvery,
                VideoSettings.defaults().withTempDirectory(work)));
    }

    /** The attributes every test object carries (a device, a patient). */
    static Attributes base(String sopClass, int width, int height) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, VideoEncapsulator.newUid());
        ds.setString(Tag.StudyInstanceUID, VR.UI, VideoEncapsulator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, VideoEncapsulator.newUid());
        ds.setString(Tag.Modality, VR.CS, sopClass.equals(UID.UltrasoundImageStorage)
                || sopClass.equals(UID.UltrasoundMultiFrameImageStorage) ? "US" : "ES");
        ds.setString(Tag.Manufacturer, VR.LO, MANUFACTURER);
        ds.setString(Tag.ManufacturerModelName, VR.LO, MODEL);
        ds.setString(Tag.PatientName, VR.PN, "DOE^JANE");
        ds.setString(Tag.PatientID, VR.LO, "4711-0815");
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "YES");
        ds.setInt(Tag.Rows, VR.US, height);
        ds.setInt(Tag.Columns, VR.US, width);
        return ds;
    }

    /** 8-bit MONOCHROME2 frames (the frames' grey), as an ultrasound image. */
    static Path grey(List<PlantedText.Frame> frames, Path out) throws IOException {
        PlantedText.Frame first = frames.get(0);
        Attributes ds = base(frames.size() > 1 ? UID.UltrasoundMultiFrameImageStorage : UID.UltrasoundImageStorage,
                first.width(), first.height());
        imagePixel(ds, 1, "MONOCHROME2", 8, frames.size());
        byte[] px = new byte[first.width() * first.height() * frames.size()];
        for (int f = 0; f < frames.size(); f++) {
            byte[] g = frames.get(f).grey();
            System.arraycopy(g, 0, px, f * g.length, g.length);
        }
        ds.setBytes(Tag.PixelData, VR.OB, px);
        VideoFixtures.write(ds, UID.ExplicitVRLittleEndian, out);
        return out;
    }

    /** 16-bit MONOCHROME2 (12 bits stored): the frame's grey times 16. */
    static Path grey16(PlantedText.Frame frame, Path out) throws IOException {
        Attributes ds = base(UID.UltrasoundImageStorage, frame.width(), frame.height());
        imagePixel(ds, 1, "MONOCHROME2", 16, 1);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        byte[] g = frame.grey();
        byte[] px = new byte[2 * g.length];
        for (int i = 0; i < g.length; i++) {
            int v = (g[i] & 0xff) * 16;
            px[2 * i] = (byte) v;
            px[2 * i + 1] = (byte) (v >> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, px);
        VideoFixtures.write(ds, UID.ImplicitVRLittleEndian, out);
        return out;
    }

    /** 8-bit RGB, interleaved, as a VL Endoscopic image. */
    static Path colour(PlantedText.Frame frame, Path out) throws IOException {
        Attributes ds = base(UID.VLEndoscopicImageStorage, frame.width(), frame.height());
        imagePixel(ds, 3, "RGB", 8, 1);
        ds.setBytes(Tag.PixelData, VR.OB, rgb(frame.bgr()));
        VideoFixtures.write(ds, UID.ExplicitVRLittleEndian, out);
        return out;
    }

    /** The frames as an H.264 Video Endoscopic object, encoded as dmask encodes. */
    static Path video(List<PlantedText.Frame> frames, Path out, Path work) throws IOException {
        PlantedText.Frame first = frames.get(0);
        FrameRate rate = new FrameRate(25, 1);
        VideoFormat format = new VideoFormat(first.width(), first.height(), rate, frames.size(), false);
        Attributes ds = VideoFixtures.template(UID.VideoEndoscopicImageStorage);
        Attributes own = base(UID.VideoEndoscopicImageStorage, first.width(), first.height());
        for (int tag : own.tags()) {
            ds.setValue(tag, own.getVR(tag), own.getValue(tag));
        }
        try (H264Mp4Sink sink = H264Mp4Sink.create(format, VideoSettings.defaults().withTempDirectory(work), null)) {
            VideoFrame vf = new VideoFrame(first.width(), first.height());
            for (PlantedText.Frame f : frames) {
                System.arraycopy(f.bgr(), 0, vf.bgr(), 0, f.bgr().length);
                sink.write(vf);
            }
            sink.finish();
            VideoEncapsulator.Encapsulated enc = new VideoEncapsulator().encapsulate(ds, sink.file(), rate, false);
            VideoFixtures.write(enc.dataset(), enc.transferSyntaxUID(), out);
        }
        return out;
    }

    static byte[] rgb(byte[] bgr) {
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return rgb;
    }

    private static void imagePixel(Attributes ds, int samples, String photometric, int bits, int frames) {
        ds.setInt(Tag.SamplesPerPixel, VR.US, samples);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, photometric);
        ds.setInt(Tag.BitsAllocated, VR.US, bits);
        ds.setInt(Tag.BitsStored, VR.US, bits);
        ds.setInt(Tag.HighBit, VR.US, bits - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        if (samples == 3) {
            ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        }
        if (frames > 1) {
            ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
            ds.setString(Tag.FrameTime, VR.DS, "40");
        }
    }

    /** A word as compared: letters and digits only, upper case. */
    static String norm(String s) {
        return s.codePoints().filter(Character::isLetterOrDigit).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString().toUpperCase(Locale.ROOT);
    }

    /** The planted words (of three characters or more) that OCR of a grey frame still reads. */
    static Set<String> stillReadable(TextDetector ocr, byte[] grey, int width, int height,
            List<PlantedText.Word> planted) {
        Set<String> wanted = planted.stream().map(w -> norm(w.text())).filter(s -> s.length() >= 3)
                .collect(Collectors.toSet());
        Set<String> read = new TreeSet<>();
        for (TextDetector.Word w : ocr.words(grey, width, height)) {
            String n = norm(w.text());
            if (wanted.contains(n)) {
                read.add(n);
            }
        }
        return read;
    }
}
