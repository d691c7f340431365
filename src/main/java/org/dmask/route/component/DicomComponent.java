package org.dmask.route.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.ScuSettings;
import org.dmask.video.VideoSettings;

/**
 * The {@code dicom:} component. {@code dicom:DMASK?port=11112} as a consumer is a Storage SCP answering to AE title
 * DMASK; {@code dicom:RESEARCH@host:104} as a producer is a Storage SCU calling RESEARCH. TLS and limits are
 * endpoint options; the component may carry base settings (from {@code dmask.dimse.*}) that URI options override.
 */
public class DicomComponent extends DefaultComponent {

    private ScpSettings scpDefaults;
    private ScuSettings scuDefaults;
    private VideoSettings videoSettings = VideoSettings.defaults();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DicomEndpoint e = new DicomEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        return e;
    }

    public ScpSettings getScpDefaults() {
        return scpDefaults;
    }

    /** Access rules, limits and TLS of the SCP, e.g. from {@code dmask.dimse.scp.*}. */
    public void setScpDefaults(ScpSettings s) {
        this.scpDefaults = s;
    }

    public ScuSettings getScuDefaults() {
        return scuDefaults;
    }

    /** Calling AE title, limits and TLS of the SCU, e.g. from {@code dmask.dimse.scu.*}. */
    public void setScuDefaults(ScuSettings s) {
        this.scuDefaults = s;
    }

    /** How a video is re-encoded for a peer that refuses its transfer syntax ({@code dmask.video.*}). */
    public VideoSettings getVideoSettings() {
        return videoSettings;
    }

    public void setVideoSettings(VideoSettings s) {
        this.videoSettings = s;
    }
}
