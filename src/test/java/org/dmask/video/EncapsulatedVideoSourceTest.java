package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The corpus's three real video objects decode to the announced frames, in order, with rising time stamps. */
@SlowTest
class EncapsulatedVideoSourceTest {

    @ParameterizedTest
    @ValueSource(strings = {"constructed__video_endoscopic_mpeg2_mpml.dcm",
            "constructed__video_microscopic_hevc_main_mp4.dcm", "constructed__video_photographic_h264_hp41_mp4.dcm"})
    void decodesCorpusVideo(String name) throws Exception {
        Path file = Peers.shared("dicom-corpus/dev").resolve(name);
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            String tsuid = in.transferSyntax().uid();
            try (EncapsulatedVideoSource src = EncapsulatedVideoSource.open(ds, tsuid)) {
                VideoFormat f = src.format();
                assertEquals(ds.getInt(org.dmask.dicom.Tag.Rows, 0), f.height());
                assertEquals(ds.getInt(org.dmask.dicom.Tag.Columns, 0), f.width());
                VideoFrame frame = src.newFrame();
                long n = 0;
                long lastPts = -1;
                while (src.read(frame)) {
                    assertEquals(n, frame.index());
                    assertTrue(frame.ptsMicros() > lastPts, "pts rise: " + frame.ptsMicros() + " after " + lastPts);
                    lastPts = frame.ptsMicros();
                    n++;
                }
                assertEquals(ds.getInt(org.dmask.dicom.Tag.NumberOfFrames, -1), n);
                System.out.println(name + ": " + f + " frames " + n + " last pts " + lastPts);
            }
        }
    }
}
