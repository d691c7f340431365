package org.dmask.route.component;

import java.nio.file.Path;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** The folder archive target; producer only (the drop folder is the file component's job). */
@UriEndpoint(firstVersion = "4.17.0", scheme = "archive", title = "DICOM folder archive", syntax = "archive:directory",
        producerOnly = true, category = { Category.FILE })
public class ArchiveEndpoint extends DefaultEndpoint {

    @UriPath(description = "the archive's root folder")
    private final Path directory;

    ArchiveEndpoint(String uri, ArchiveComponent component, String remaining) {
        super(uri, component);
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("archive: needs a folder: " + uri);
        }
        this.directory = Path.of(remaining);
    }

    @Override
    public Producer createProducer() {
        return new ArchiveProducer(this, directory);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("archive: is a target only; use a file: drop folder to read");
    }
}
