package org.dmask.video;

import java.io.IOException;
import java.nio.file.Path;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;

/**
 * A DICOM video or multi-frame object in, a DICOM H.264 video object out: decode, per-frame work (the mask), encode,
 * re-encapsulate. The output file appears only when everything succeeded (written beside it, then moved into
 * place); the encoded MP4 is a temporary file, deleted at the end either way.
 */
public final class VideoTranscoder {

    /** What was written. */
    public record Result(Path output, String transferSyntaxUID, String sopInstanceUID, long frames, FrameRate rate,
            H264Sps sps, double compressionRatio, String encoder) {
    }

    private final VideoSettings settings;
    private final VideoEncapsulator encapsulator;

    public VideoTranscoder(VideoSettings settings) {
        this(settings, new VideoEncapsulator());
    }

    VideoTranscoder(VideoSettings settings, VideoEncapsulator encapsulator) {
        this.settings = settings;
        this.encapsulator = encapsulator;
    }

    public Result transcode(Path input, Path output, FrameProcessor work) throws IOException {
        try (DicomInputStream in = new DicomInputStream(input)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            return transcode(ds, in.transferSyntax().uid(), output, work);
        }
    }

    /** Transcodes a data set read in transfer syntax {@code tsuid}; its bulk data must stay readable meanwhile. */
    public Result transcode(Attributes ds, String tsuid, Path output, FrameProcessor work) throws IOException {
        try (FrameSource source = FrameSources.open(ds, tsuid)) {
            VideoFormat format = source.format();
            EncapsulatedVideoSource video = source instanceof EncapsulatedVideoSource v ? v : null;
            boolean audio = settings.keepAudio() && video != null && format.hasAudio();
            try (H264Mp4Sink sink = H264Mp4Sink.create(format, settings, audio ? video.grabber() : null)) {
                if (audio) {
                    video.onAudio(sink::writeAudio);
                }
                long frames = new FramePipeline(settings.workers(), settings.queueCapacity()).run(source, work, sink);
                try {
                    // One fragment in the non-fragmentable syntax whenever the stream fits (2^32 - 2 bytes): the
                    // Fragmentable syntaxes are newer and unknown to many peers (DCMTK 3.6.7, dciodvfy 2022).
                    VideoEncapsulator.Encapsulated enc = encapsulator.encapsulate(ds, sink.file(), format.frameRate(),
                            false);
                    if (enc.frames() != frames) {
                        throw new VideoException("the encoder wrote " + enc.frames() + " samples for " + frames
                                + " frames");
                    }
                    enc.writeTo(output);
                    return new Result(output, enc.transferSyntaxUID(),
                            enc.dataset().getString(Tag.SOPInstanceUID), frames, format.frameRate(), enc.sps(),
                            enc.compressionRatio(), sink.encoderName());
                } finally {
                    H264Mp4Sink.deleteQuietly(sink.file());
                }
            }
        }
    }
}
