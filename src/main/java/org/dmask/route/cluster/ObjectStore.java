package org.dmask.route.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where received objects wait for their jobs, shared by every node: the claim check's other half. A key is a plain
 * name ({@code <uuid>.dcm}). Writes are complete or absent (temporary name, fsync, rename); an object is deleted
 * when its last job ends. Failed jobs keep the object as received in a dead-letter area, with their reasons.
 */
public interface ObjectStore {

    /** Stores a local file under the key, durably: it is complete in the store when this returns. */
    void put(String key, Path source) throws IOException;

    /** Copies the object to a local file; {@link java.nio.file.NoSuchFileException} when there is none. */
    void get(String key, Path target) throws IOException;

    boolean exists(String key) throws IOException;

    /** Deletes the object (its last job ended); no error when it is gone already. */
    void delete(String key) throws IOException;

    /**
     * Keeps a dead letter: {@code file} (the object as received, possibly encrypted) under {@code name + suffix}
     * unless one is there already, and {@code reasons} added to {@code name.reason.txt}.
     */
    void keepDeadLetter(String name, String suffix, Path file, String reasons) throws IOException;

    /** The keys of the objects held (not the dead letters). */
    List<String> keys() throws IOException;

    /** The names of the dead letters' files. */
    List<String> deadLetterFiles() throws IOException;

    /** For logs: the folder or bucket. */
    String describe();
}
