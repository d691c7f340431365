package org.dmask.video;

import java.util.Map;
import org.dmask.dicom.UID;

/**
 * The video transfer syntaxes of PS3.5 §8.2.5-8.2.11 and Annex A: which codec the encapsulated stream must be in,
 * and whether the stream may be split into several fragments (the "Fragmentable" syntaxes) or must be one.
 */
public record VideoTransferSyntax(String uid, Codec codec, boolean fragmentable) {

    /** The codec families of the video transfer syntaxes, with FFmpeg's decoder name. */
    public enum Codec {
        MPEG2("mpeg2video"), H264("h264"), HEVC("hevc");

        private final String ffmpegName;

        Codec(String ffmpegName) {
            this.ffmpegName = ffmpegName;
        }

        public String ffmpegName() {
            return ffmpegName;
        }
    }

    /** A fragment item's length is a 32-bit value and must be even: at most 2^32 - 2 bytes. */
    public static final long MAX_FRAGMENT_LENGTH = 0xFFFF_FFFEL;

    private static final Map<String, VideoTransferSyntax> ALL = Map.ofEntries(
            entry(UID.MPEG2MPML, Codec.MPEG2, false), entry(UID.MPEG2MPMLF, Codec.MPEG2, true),
            entry(UID.MPEG2MPHL, Codec.MPEG2, false), entry(UID.MPEG2MPHLF, Codec.MPEG2, true),
            entry(UID.MPEG4HP41, Codec.H264, false), entry(UID.MPEG4HP41F, Codec.H264, true),
            entry(UID.MPEG4HP41BD, Codec.H264, false), entry(UID.MPEG4HP41BDF, Codec.H264, true),
            entry(UID.MPEG4HP422D, Codec.H264, false), entry(UID.MPEG4HP422DF, Codec.H264, true),
            entry(UID.MPEG4HP423D, Codec.H264, false), entry(UID.MPEG4HP423DF, Codec.H264, true),
            entry(UID.MPEG4HP42STEREO, Codec.H264, false), entry(UID.MPEG4HP42STEREOF, Codec.H264, true),
            entry(UID.HEVCMP51, Codec.HEVC, false), entry(UID.HEVCM10P51, Codec.HEVC, false));

    private static Map.Entry<String, VideoTransferSyntax> entry(String uid, Codec codec, boolean fragmentable) {
        return Map.entry(uid, new VideoTransferSyntax(uid, codec, fragmentable));
    }

    /** The video transfer syntax of a UID, or null when the UID is not one. */
    public static VideoTransferSyntax of(String uid) {
        return uid == null ? null : ALL.get(uid);
    }

    public static java.util.Collection<VideoTransferSyntax> all() {
        return ALL.values();
    }
}
