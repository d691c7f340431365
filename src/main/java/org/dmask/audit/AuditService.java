package org.dmask.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The configured audit trail: the JSON lines file, optional syslog, and listeners (metrics). Opened on first use. */
@ApplicationScoped
public class AuditService implements AuditSink {

    @Inject
    AuditConfig config;

    private final List<AuditSink> listeners = new CopyOnWriteArrayList<>();
    private JsonLinesAuditLog file;
    private SyslogAuditSink syslog;

    public synchronized void open() {
        if (file != null) {
            return;
        }
        try {
            file = new JsonLinesAuditLog(config.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit file dmask.audit.file=" + config.file(), e);
        }
        config.syslog().host().ifPresent(h -> syslog = new SyslogAuditSink(h, config.syslog().port(),
                config.syslog().protocol()));
    }

    public void addListener(AuditSink l) {
        listeners.add(l);
    }

    @Override
    public void record(AuditEvent e) {
        open();
        file.record(e);
        if (syslog != null) {
            syslog.record(e);
        }
        for (AuditSink l : listeners) {
            l.record(e);
        }
    }

    @PreDestroy
    synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
        if (syslog != null) {
            syslog.close();
        }
    }
}
