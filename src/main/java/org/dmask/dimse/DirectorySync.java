package org.dmask.dimse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Group commit of a folder's entries: {@link #await()}, called after a rename, returns once an fsync of the folder
 * that began after the call has succeeded. Threads that rename while one fsync runs share the next one, so N
 * associations storing at once pay about one folder fsync per round instead of N.
 */
public final class DirectorySync {

    /** An fsync of the folder (a test may watch or delay it). */
    interface Fsync {
        void run(Path dir) throws IOException;
    }

    private final Path dir;
    private final Fsync fsync;
    /** Callers numbered in order of arrival. */
    private long requested;
    /** Every caller up to this number is covered by a successful fsync. */
    private long synced;
    private boolean syncing;

    public DirectorySync(Path dir) {
        this(dir, DirectorySync::fsync);
    }

    DirectorySync(Path dir, Fsync fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /** Blocks until the folder has been fsynced after this call began; throws when that fsync fails. */
    public void await() throws IOException {
        long upTo;
        synchronized (this) {
            long ticket = ++requested;
            while (true) {
                if (synced >= ticket) {
                    return;
                }
                if (!syncing) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the fsync of " + dir);
                }
            }
            syncing = true;
            upTo = requested; // everyone who has renamed by now
        }
        boolean ok = false;
        try {
            fsync.run(dir);
            ok = true;
        } finally {
            synchronized (this) {
                syncing = false;
                if (ok) {
                    synced = Math.max(synced, upTo);
                }
                notifyAll(); // on failure a waiter leads the next try, and fails or succeeds on its own
            }
        }
    }

    public static void fsync(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
