package org.dmask.admin.console;

import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.dmask.route.rules.RuleException;
import org.jboss.logging.Logger;

/** What a console action did, as one line for the page: done (green) or the reason it was not (red). */
public record Outcome(boolean ok, String text) {

    private static final Logger LOG = Logger.getLogger(Outcome.class);

    public static Outcome done(String text) {
        return new Outcome(true, text);
    }

    public static Outcome failed(String text) {
        return new Outcome(false, text);
    }

    /** Runs a service call; its error becomes the line to show (the services' messages are already one line). */
    static <T> Outcome of(Callable<T> work, java.util.function.Function<T, String> text) {
        return attempt(() -> done(text.apply(work.call())));
    }

    /** Runs a service call that says itself whether it went well; its error becomes the line to show. */
    static Outcome attempt(Callable<Outcome> work) {
        try {
            return work.call();
        } catch (RuleException | NoSuchElementException | IllegalArgumentException
                | IllegalStateException e) {
            return failed(e.getMessage());
        } catch (IOException e) {
            LOG.warnf("console: %s", e.getMessage());
            return failed(e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "console: unexpected failure");
            return failed("unexpected failure: " + e);
        }
    }
}
