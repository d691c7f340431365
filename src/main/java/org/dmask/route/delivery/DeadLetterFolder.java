package org.dmask.route.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dmask.mask.MaskMode;
import org.dmask.route.spool.DurableFiles;

/**
 * A folder of dead letters as the job store writes them ({@code <name>.dcm} or {@code <name>.dcm.enc}, and
 * {@code <name>.reason.txt} with a section per failed job): read, list, copy the object out, delete, purge after the
 * retention, and plan a retry (the jobs as they were accepted). The single node's job store keeps its dead letters in
 * one; a cluster's shared object store keeps the workers' in another of the same layout.
 */
public final class DeadLetterFolder {

    private static final String REASON = ".reason.txt";

    private final Path dir;
    private final DeadLetterCipher cipher;

    /** @param cipher the key the encrypted objects were written with; null: none (encrypted ones cannot be read) */
    public DeadLetterFolder(Path dir, DeadLetterCipher cipher) {
        this.dir = dir;
        this.cipher = cipher;
    }

    public Path directory() {
        return dir;
    }

    /** A dead letter's name as the folder names it: no path, nothing a caller could climb out with. */
    static String checkedName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}") || name.contains("..")) {
            throw new IllegalArgumentException("not a dead letter name: '" + name + "'");
        }
        return name;
    }

    /** Every dead letter, newest failure first. */
    public synchronized List<DeadLetter> list() throws IOException {
        List<DeadLetter> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + REASON)) {
            for (Path reason : files) {
                String name = reason.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // a temporary being written
                }
                DeadLetter d = read(name.substring(0, name.length() - REASON.length()));
                if (d != null) {
                    all.add(d);
                }
            }
        }
        all.sort(Comparator.comparing(DeadLetter::lastFailure).reversed().thenComparing(DeadLetter::name));
        return all;
    }

    /** One dead letter, null when there is none of that name. */
    public synchronized DeadLetter get(String name) throws IOException {
        return read(checkedName(name));
    }

    private DeadLetter read(String name) throws IOException {
        Path reason = dir.resolve(name + REASON);
        String text;
        try {
            text = Files.readString(reason, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Path plain = dir.resolve(name + ".dcm");
        Path sealed = dir.resolve(name + ".dcm" + DeadLetterCipher.SUFFIX);
        Path object = Files.exists(sealed) ? sealed : plain;
        long size = Files.exists(object) ? Files.size(object) : -1;
        Instant last;
        try {
            last = Files.getLastModifiedTime(reason).toInstant();
        } catch (NoSuchFileException e) {
            return null; // deleted meanwhile (by another node, or the retention)
        }
        return new DeadLetter(name, size, object == sealed, last,
                sections(text).stream().map(DeadLetterFolder::facts).map(DeadLetter.Failure::new).toList());
    }

    /**
     * Deletes the dead letters whose last reason was written before {@code cutoff} (the object and its reasons);
     * returns the names this call deleted.
     */
    public synchronized List<String> purge(Instant cutoff) throws IOException {
        List<String> purged = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + REASON)) {
            for (Path reason : files) {
                String name = reason.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try {
                    if (!Files.getLastModifiedTime(reason).toInstant().isBefore(cutoff)) {
                        continue;
                    }
                } catch (NoSuchFileException e) {
                    continue;
                }
                name = name.substring(0, name.length() - REASON.length());
                Files.deleteIfExists(dir.resolve(name + ".dcm"));
                Files.deleteIfExists(dir.resolve(name + ".dcm" + DeadLetterCipher.SUFFIX));
                // on a shared folder another node may purge the same one: only who deleted the reasons names it
                if (Files.deleteIfExists(reason)) {
                    purged.add(name);
                }
            }
        }
        if (!purged.isEmpty()) {
            DurableFiles.fsyncDirectory(dir);
        }
        return purged;
    }

    /** Writes a dead letter's object as received (decrypted when it is encrypted) to {@code target}, durably. */
    public synchronized void copyOut(String name, Path target) throws IOException {
        Path sealed = dir.resolve(checkedName(name) + ".dcm" + DeadLetterCipher.SUFFIX);
        if (Files.exists(sealed)) {
            if (cipher == null) {
                throw new IOException("dead letter " + name + " is encrypted and dmask.route.dead-letter-key-file "
                        + "is not set: set it to the key it was written with");
            }
            DurableFiles.write(target, out -> {
                try (InputStream in = Files.newInputStream(sealed)) {
                    cipher.decrypt(in, out);
                }
            }, DurableFiles.OWNER_ONLY);
        } else {
            DurableFiles.copy(dir.resolve(name + ".dcm"), target, DurableFiles.OWNER_ONLY);
        }
    }

    /** Deletes a dead letter (its object and its reasons); false when there is none of that name. */
    public synchronized boolean delete(String name) throws IOException {
        name = checkedName(name);
        boolean any = Files.deleteIfExists(dir.resolve(name + REASON));
        any |= Files.deleteIfExists(dir.resolve(name + ".dcm"));
        any |= Files.deleteIfExists(dir.resolve(name + ".dcm" + DeadLetterCipher.SUFFIX));
        DurableFiles.fsyncDirectory(dir);
        return any;
    }

    /**
     * A planned retry: the jobs to queue again, with a fresh maximum age, for the object that will be
     * {@code objectId}, and the reason sections that stay.
     */
    public record Requeue(String name, List<Job> jobs, List<String> keep) {
    }

    /**
     * Plans the retry of a dead letter's failed jobs for {@code target} (null: all), as they were accepted (rule,
     * profile, mask, target URI); the jobs are for an object {@code objectId}, due {@code now}. Nothing changes
     * until {@link #complete}. Its jobs are empty when no section can be queued again (an object no rule took, or
     * reasons written by an earlier version).
     *
     * @throws NoSuchFileException when there is no dead letter of that name
     */
    public synchronized Requeue plan(String name, String target, String objectId, long now) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(checkedName(name) + REASON), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("no dead letter " + name);
        }
        List<String> keep = new ArrayList<>();
        List<Job> made = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String section : sections(text)) {
            Map<String, String> f = facts(section);
            if (!requeueable(f) || target != null && !target.equals(f.get("target"))) {
                keep.add(section);
                continue;
            }
            String profile = "none".equals(f.get("profile")) ? null : f.get("profile");
            MaskMode mask = MaskMode.parse(f.get("mask"));
            // absent in reasons written before the Clean Pixel Data option: as the profile says, none allowed uncleaned
            String clean = f.getOrDefault("clean-pixel-data", "profile");
            Boolean cleanPixels = clean.equals("profile") ? null : Boolean.valueOf(clean);
            boolean allowUncleaned = Boolean.parseBoolean(f.getOrDefault("allow-uncleaned-pixels", "false"));
            if (!seen.add(f.get("target") + "|" + profile + "|" + mask + "|" + cleanPixels + "|" + allowUncleaned)) {
                continue; // the same delivery failed twice (retried once already): queue it once
            }
            made.add(new Job(UUID.randomUUID().toString(), objectId, f.get("rule"), f.get("target"),
                    f.get("target-uri"), profile, mask, cleanPixels, allowUncleaned, Job.State.QUEUED, 0, now, now,
                    null, f.get("calling-aet"),
                    f.get("sop-class"), f.get("transfer-syntax"), f.get("study"), f.get("instance")));
        }
        return new Requeue(name, made, keep);
    }

    /** After a planned retry's jobs are durable elsewhere: their sections leave; the dead letter goes when none stay. */
    public synchronized void complete(Requeue r) throws IOException {
        if (r.keep().isEmpty()) {
            delete(r.name());
        } else {
            String rest = String.join("\n\n", r.keep()) + "\n";
            DurableFiles.write(dir.resolve(r.name() + REASON),
                    o -> o.write(rest.getBytes(StandardCharsets.UTF_8)), DurableFiles.OWNER_ONLY);
        }
    }

    /** The reason file's sections (one per failed job), as written: apart by an empty line. */
    static List<String> sections(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("\n\n")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static Map<String, String> facts(String section) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        for (String line : section.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                String v = line.substring(colon + 2);
                if (!v.equals("null") && !v.isEmpty()) {
                    f.putIfAbsent(line.substring(0, colon), v);
                }
            }
        }
        return f;
    }

    /** Whether a section names everything a job needs to be queued again as it was. */
    private static boolean requeueable(Map<String, String> f) {
        return f.containsKey("rule") && f.containsKey("target") && f.containsKey("target-uri")
                && f.containsKey("mask") && MaskMode.parse(f.get("mask")) != null;
    }
}
