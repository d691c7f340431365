package org.dmask.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.dmask.mask.ClipMasker;
import org.dmask.mask.VideoMasker;
import org.dmask.route.delivery.DicomVideoMasker;

/** The gateway's {@link VideoMasker}: the mask's {@link ClipMasker} behind the DICOM step that reads and wraps the object. */
@ApplicationScoped
public class VideoMaskerProducer {

    @Produces
    @Singleton
    VideoMasker videoMasker(ClipMasker clips) {
        return new DicomVideoMasker(clips);
    }
}
