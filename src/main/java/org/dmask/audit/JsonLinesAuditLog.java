package org.dmask.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/** Appends one JSON object per line; each line is written whole and flushed to the file. Thread-safe. */
public final class JsonLinesAuditLog implements AuditSink, Closeable {

    private static final Logger LOG = Logger.getLogger(JsonLinesAuditLog.class);
    private final Path file;
    private final OutputStream out;

    public JsonLinesAuditLog(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Files.createDirectories(this.file.getParent());
        this.out = Files.newOutputStream(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void record(AuditEvent e) {
        try {
            out.write(toJson(e).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            LOG.errorf("cannot write audit event to %s: %s", file, ex.getMessage());
        }
    }

    public static String toJson(AuditEvent e) {
        StringBuilder sb = new StringBuilder(160).append('{');
        field(sb, "time", e.when().toString());
        field(sb, "event", e.type().name().toLowerCase(java.util.Locale.ROOT));
        field(sb, "outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
        field(sb, "who", e.who());
        field(sb, "study", e.study());
        field(sb, "rule", e.rule());
        field(sb, "target", e.target());
        field(sb, "detail", e.detail());
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value == null) {
            return;
        }
        sb.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append("\",");
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
