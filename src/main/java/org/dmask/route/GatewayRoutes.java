package org.dmask.route;

import org.dmask.route.rules.RuleRoutes;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The gateway's Camel routes: ingest from the {@code dicom:} SCP and the drop folder into the rules, the
 * {@code dmask-target} route template that each named target of the rules is instantiated from, and the
 * {@code dmask-rule} template each rule is (see {@link RuleRoutes}).
 */
final class GatewayRoutes extends RouteBuilder {

    static final String TARGET_TEMPLATE = "dmask-target";

    private final GatewaySettings settings;
    private final Gateway gateway;

    GatewayRoutes(GatewaySettings settings, Gateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
    }

    static String targetEndpoint(String name) {
        return "direct:dmask-target-" + name;
    }

    /** The route templates, added before the rules are made into routes and before any ingest route starts. */
    static final class Templates extends RouteBuilder {
        @Override
        public void configure() {
            // No Camel error handler: a failed send is the delivery's to judge and log (one line, no stack trace).
            routeTemplate(TARGET_TEMPLATE).templateParameter("name").templateParameter("uri")
                    .from("direct:dmask-target-{{name}}")
                    .errorHandler(noErrorHandler())
                    .to("{{uri}}");
            RuleRoutes.template(this);
        }
    }

    @Override
    public void configure() {
        if (settings.dicomUri() != null) {
            from(settings.dicomUri()).routeId("dmask-ingest-dimse")
                    .process(gateway::ingest);
        }
        if (settings.dropFolder() != null) {
            // readLock=changed: a file still being copied in is not taken; it is deleted only after routing.
            from("file:" + settings.dropFolder() + "?readLock=changed&readLockMinAge=1000&readLockCheckInterval=500"
                    + "&delete=true&exclude=^\\..*&recursive=true&moveFailed=.failed")
                    .routeId("dmask-ingest-drop-folder")
                    .process(this::fromDropFolder);
        }
    }

    private void fromDropFolder(Exchange ex) throws Exception {
        Path source = ex.getIn().getBody(java.io.File.class).toPath();
        gateway.ingestCopy(source, "drop-folder", null, null, null);
    }
}
