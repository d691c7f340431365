package org.dmask.route;

import org.dmask.route.rules.RuleSet;
import org.dmask.route.delivery.TargetSpec;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What {@code dmask serve} checks before the gateway accepts anything, and what readiness reports from then on.
 *
 * <ul>
 * <li>Fatal, before anything is accepted ({@link #requireKeyAndFolders()}): the de-identification key is there (or
 * was just generated), and every folder the gateway writes (spool, job store, archive targets, audit trail, drop
 * folder) can be written and has {@code dmask.route.min-free-space} free. A failure is a one-line
 * {@link ConfigurationException} naming the setting and the path to fix.</li>
 * <li>Not fatal, in the background once the gateway runs ({@link #startBackgroundChecks()}): what masking needs, e.g.
 * the face models resolve (the registry may be installing them), the renderer opens, the video encoder loads. Until
 * all pass, readiness is DOWN with the reason:
 * a masked route would dead-letter its videos, while everything else is served.</li>
 * </ul>
 * The folders are probed again on every readiness call, so a full disk turns readiness DOWN too.
 */
public final class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);
    /** A failed background check is tried again on a readiness call after this long (models installed meanwhile). */
    private static final long RETRY_NANOS = 30_000_000_000L;

    /** A folder the gateway writes, and the setting that names it. */
    public record Folder(String setting, Path path) {
    }

    /** A background check: its name in the readiness data, what it checks (in messages), and the check itself. */
    public record Background(String name, String what, Callable<String> check) {
    }

    private final Supplier<String> key;
    private final List<Folder> folders;
    private final long minFreeBytes;
    private final String minFreeText;
    private final boolean maskingNeeded;
    private final List<Background> checks;

    private final Map<String, Outcome> background = new LinkedHashMap<>();
    private String keySource;
    private Thread worker;

    /** A background check's state: running (no result yet), passed (detail) or failed (reason). */
    private record Outcome(boolean done, boolean passed, String text, long atNanos) {
    }

    /**
     * @param key returns where the key came from; throws {@link ConfigurationException} when there is none
     * @param maskingNeeded whether any rule masks or cleans pixels: without one, the background checks are not run
     * @param checks what masking and pixel cleaning need, checked in order in the background (e.g. the face models,
     *     which the registry may be installing; the renderer; the OCR; the video encoder): each returns a summary or
     *     throws the reason
     */
    public StartupCheck(Supplier<String> key, List<Folder> folders, long minFreeBytes, String minFreeText,
            boolean maskingNeeded, List<Background> checks) {
        this.key = key;
        this.folders = List.copyOf(folders);
        this.minFreeBytes = minFreeBytes;
        this.minFreeText = minFreeText;
        this.maskingNeeded = maskingNeeded;
        this.checks = List.copyOf(checks);
    }

    /** The fatal checks: throws one {@link ConfigurationException}, one line, naming every failure. */
    public void requireKeyAndFolders() {
        List<String> problems = new ArrayList<>();
        try {
            String source = key.get();
            synchronized (this) {
                keySource = source;
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(folderProblems());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        LOG.infof("start-up check: key from %s; %d folder(s) writable with at least %s free", keySource,
                folders.size(), minFreeText);
    }

    /** Every folder's problem, one line each (none: empty). Creates folders that do not exist yet. */
    public List<String> folderProblems() {
        List<String> problems = new ArrayList<>();
        for (Folder f : folders) {
            String p = folderProblem(f, minFreeBytes, minFreeText);
            if (p != null) {
                problems.add(p);
            }
        }
        return problems;
    }

    /** Starts the background checks on a thread of their own; readiness is DOWN until they pass. */
    public synchronized void startBackgroundChecks() {
        if (!maskingNeeded) {
            LOG.info("start-up check: no rule masks videos or cleans pixels; face models, renderer and OCR not needed");
            return;
        }
        if (worker != null && worker.isAlive()) {
            return;
        }
        for (Background b : checks) {
            background.putIfAbsent(b.name(), new Outcome(false, false, b.what() + " being checked", 0));
        }
        worker = new Thread(this::runBackground, "dmask-startup-check");
        worker.setDaemon(true);
        worker.start();
    }

    private void runBackground() {
        for (Background b : checks) {
            run(b.name(), b.check(), b.what());
        }
    }

    private void run(String name, Callable<String> check, String what) {
        synchronized (this) {
            Outcome o = background.get(name);
            if (o != null && o.done() && o.passed()) {
                return;
            }
        }
        Outcome outcome;
        try {
            String detail = check.call();
            outcome = new Outcome(true, true, detail, System.nanoTime());
            LOG.infof("start-up check: %s: %s", what, detail);
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            outcome = new Outcome(true, false, what + ": " + oneLine(reason), System.nanoTime());
            LOG.warnf("start-up check: %s; videos that a rule masks go to dead letters until this is fixed "
                    + "(readiness stays DOWN)", outcome.text());
        }
        synchronized (this) {
            background.put(name, outcome);
        }
    }

    /**
     * Why the gateway is not ready, one line, or null when it is: a background check still running or failed, or
     * a folder no longer writable or short of space. A failed background check is retried after a while.
     */
    public String readinessProblem() {
        List<String> problems = new ArrayList<>();
        boolean retry = false;
        synchronized (this) {
            for (Outcome o : background.values()) {
                if (!o.passed()) {
                    problems.add(o.text());
                    retry |= o.done() && System.nanoTime() - o.atNanos() > RETRY_NANOS;
                }
            }
        }
        if (retry) {
            startBackgroundChecks();
        }
        problems.addAll(folderProblems());
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** What passed, for the readiness data, by check name (not where the key is: readiness is public). */
    public synchronized Map<String, String> passed() {
        Map<String, String> out = new LinkedHashMap<>();
        background.forEach((name, o) -> {
            if (o.passed()) {
                out.put(name, o.text());
            }
        });
        return out;
    }

    /** Waits for the background checks (tests, and callers that need the outcome now). */
    public void awaitBackground(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = worker;
        }
        if (t != null) {
            t.join(millis);
        }
    }

    /**
     * One folder: made when missing, a file written, fsynced and deleted in it, and enough usable space; null when
     * all is well, else one line naming the setting and the path.
     */
    static String folderProblem(Folder f, long minFreeBytes, String minFreeText) {
        Path dir = f.path().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            return f.setting() + " " + dir + ": exists but is not a folder";
        } catch (IOException e) {
            return f.setting() + " " + dir + ": cannot be created: " + describe(e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".dmask-check", ".tmp");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
                ch.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return f.setting() + " " + dir + ": not writable: " + describe(e);
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < minFreeBytes) {
                return f.setting() + " " + dir + ": " + size(free) + " free, less than dmask.route.min-free-space="
                        + minFreeText;
            }
        } catch (IOException e) {
            return f.setting() + " " + dir + ": free space unknown: " + describe(e);
        }
        return null;
    }

    /** The folder of an {@code archive:} target URI, or null for other targets. */
    static Path archiveFolder(String uri) {
        if (!uri.startsWith("archive:")) {
            return null;
        }
        String rest = uri.substring("archive:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        return rest.isBlank() ? null : Path.of(rest);
    }

    /** The folders a rule set's archive targets write, each named by the target and where the rules come from. */
    static List<Folder> archiveFolders(RuleSet rules) {
        List<Folder> out = new ArrayList<>();
        rules.targets().values().stream().sorted(java.util.Comparator.comparing(TargetSpec::name)).forEach(t -> {
            Path p = archiveFolder(t.uri());
            if (p != null) {
                out.add(new Folder("archive target '" + t.name() + "' (" + rules.source() + ")", p));
            }
        });
        return out;
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? oneLine(e.getMessage()) : e.getClass().getSimpleName();
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
