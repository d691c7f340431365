package org.dmask.route.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code archive:DIR}: a folder archive, {@code DIR/<Study UID>/<Series UID>/<SOP Instance UID>.dcm}. */
public class ArchiveComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ArchiveEndpoint e = new ArchiveEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        return e;
    }
}
