package org.dmask.route.spool;

import java.util.Set;
import org.dmask.dicom.UID;

/** Which objects the mask applies to: the video storage SOP classes, or any object in an MPEG transfer syntax. */
public final class VideoSopClasses {

    public static final Set<String> VIDEO = Set.of(UID.VideoEndoscopicImageStorage,
            UID.VideoMicroscopicImageStorage, UID.VideoPhotographicImageStorage);

    private VideoSopClasses() {
    }

    public static boolean isVideo(String sopClassUID, String transferSyntaxUID) {
        return VIDEO.contains(sopClassUID) || isMpeg(transferSyntaxUID);
    }

    /** MPEG-2, MPEG-4 AVC/H.264 and HEVC/H.265 transfer syntaxes (PS3.5 §10.8-10.14): 1.2.840.10008.1.2.4.100-108. */
    static boolean isMpeg(String ts) {
        if (ts == null || !ts.startsWith("1.2.840.10008.1.2.4.10")) {
            return false;
        }
        String rest = ts.substring("1.2.840.10008.1.2.4.10".length());
        return !rest.isEmpty() && Character.isDigit(rest.charAt(0));
    }
}
