package org.dmask.admin.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.dmask.admin.ops.NotRunningException;
import org.dmask.route.rules.RuleException;
import org.jboss.logging.Logger;

/**
 * What the admin resources share: the role sets, and one way of turning a service's error into an answer with a
 * one-line JSON reason ({@code {"error": "..."}}): not found 404, bad input 400, a rule file that does not validate
 * 422 (with its line), a state that forbids the action 409, the gateway not running 503, an I/O failure 500.
 */
final class Api {

    private static final Logger LOG = Logger.getLogger(Api.class);

    private Api() {
    }

    static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (WebApplicationException e) {
            throw e;
        } catch (NotRunningException e) {
            throw error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage(), 0);
        } catch (RuleException e) {
            throw error(422, e.getMessage(), e.line());
        } catch (NoSuchElementException | java.nio.file.NoSuchFileException e) {
            throw error(Response.Status.NOT_FOUND, e.getMessage(), 0);
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, e.getMessage(), 0);
        } catch (IllegalStateException e) {
            throw error(Response.Status.CONFLICT, e.getMessage(), 0);
        } catch (IOException e) {
            LOG.warnf("admin API: %s", e.getMessage());
            throw error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage(), 0);
        } catch (Exception e) {
            LOG.errorf(e, "admin API: unexpected failure");
            throw error(Response.Status.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()), 0);
        }
    }

    static WebApplicationException error(Response.Status status, String message, int line) {
        return error(status.getStatusCode(), message, line);
    }

    static WebApplicationException error(int status, String message, int line) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (line > 0) {
            body.put("line", line);
        }
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON).entity(body)
                .build());
    }

    /**
     * A duration from a query: ISO-8601 ({@code PT15M}) or a number with a unit ({@code 90s}, {@code 15m},
     * {@code 2h}, {@code 7d}); null when absent.
     */
    static Duration duration(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw error(Response.Status.BAD_REQUEST, name + "='" + value + "' is not a duration (e.g. 90s, 15m, "
                    + "2h, 7d or PT15M)", 0);
        }
    }

    static java.time.Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value.strip());
        } catch (RuntimeException e) {
            throw error(Response.Status.BAD_REQUEST, name + "='" + value + "' is not an ISO-8601 instant (e.g. "
                    + "2026-12-07T21:00:00Z)", 0);
        }
    }
}
