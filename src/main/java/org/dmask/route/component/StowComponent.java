package org.dmask.route.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code stow:http://host:port/dicom-web/studies[?token=...|username=...&password=...]}: a STOW-RS target. */
public class StowComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StowEndpoint e = new StowEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        return e;
    }
}
