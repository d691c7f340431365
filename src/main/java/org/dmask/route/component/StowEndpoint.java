package org.dmask.route.component;

import java.net.URI;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.dmask.dicomweb.StowClient;

/** A remote STOW-RS studies resource as a target (producer only). */
@UriEndpoint(firstVersion = "4.17.0", scheme = "stow", title = "STOW-RS", syntax = "stow:url", producerOnly = true,
        category = { Category.HTTP })
public class StowEndpoint extends DefaultEndpoint {

    @UriPath(description = "the studies resource, e.g. http://pacs:8042/dicom-web/studies")
    private final URI url;
    @UriParam(description = "bearer token", secret = true)
    private String token;
    @UriParam(description = "basic authentication user")
    private String username;
    @UriParam(description = "basic authentication password", secret = true)
    private String password;

    StowEndpoint(String uri, StowComponent component, String remaining) {
        super(uri, component);
        String u = remaining.replaceFirst("^(https?):/+", "$1://");
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("stow: needs an http(s) URL: " + uri);
        }
        this.url = URI.create(u);
    }

    @Override
    public Producer createProducer() {
        String auth = token != null ? StowClient.bearer(token)
                : username != null ? StowClient.basic(username, password == null ? "" : password) : null;
        return new StowProducer(this, new StowClient(url, auth));
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("stow: is a target only; STOW-RS ingest is POST /dicomweb/studies");
    }

    public String getToken() { return token; }
    public void setToken(String t) { this.token = t; }
    public String getUsername() { return username; }
    public void setUsername(String u) { this.username = u; }
    public String getPassword() { return password; }
    public void setPassword(String p) { this.password = p; }
}
