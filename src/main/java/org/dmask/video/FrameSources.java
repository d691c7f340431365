package org.dmask.video;

import org.dmask.dicom.Attributes;

/** The frame source for a data set: encapsulated video, or a multi-frame image object decoded frame by frame. */
public final class FrameSources {

    private FrameSources() {
    }

    public static FrameSource open(Attributes ds, String tsuid) throws VideoException {
        if (VideoTransferSyntax.of(tsuid) != null) {
            return EncapsulatedVideoSource.open(ds, tsuid);
        }
        return MultiFrameImageSource.open(ds, tsuid);
    }
}
