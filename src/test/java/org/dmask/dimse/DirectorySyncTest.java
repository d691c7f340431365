package org.dmask.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of a folder: who calls while an fsync runs waits for the next one, which all of them share. */
class DirectorySyncTest {

    @TempDir
    Path dir;

    /** Threads of their own: the common pool may have one thread on a small machine, and callers here block. */
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @org.junit.jupiter.api.AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void callersDuringAnFsyncShareTheNextOneAndNoneReturnsOnTheEarlierOne() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CountDownLatch firstStarted = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            DirectorySync sync = new DirectorySync(dir, d -> {
                if (started.incrementAndGet() == 1) {
                    firstStarted.countDown();
                    await(releaseFirst);
                }
                DirectorySync.fsync(d);
                finished.incrementAndGet();
            });
            CompletableFuture<Integer> first =
                    CompletableFuture.supplyAsync(() -> awaitAndCount(sync, finished), threads);
            firstStarted.await();
            // These three "renamed" after the first fsync began: it does not cover them.
            List<CompletableFuture<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                later.add(CompletableFuture.supplyAsync(() -> awaitAndCount(sync, finished), threads));
            }
            Thread.sleep(200); // let them reach the wait
            assertEquals(0, later.stream().filter(CompletableFuture::isDone).count(), "returned before any fsync");
            releaseFirst.countDown();
            assertEquals(1, first.get());
            for (CompletableFuture<Integer> f : later) {
                assertEquals(2, f.get(), "a later caller returned on the fsync that began before it");
            }
            assertEquals(2, started.get(), "the three later callers shared one fsync");
        });
    }

    @Test
    void aFailedFsyncFailsItsCallerAndTheNextCallerTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DirectorySync sync = new DirectorySync(dir, d -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk said no");
            }
            DirectorySync.fsync(d);
        });
        assertEquals("disk said no", assertThrows(IOException.class, sync::await).getMessage());
        sync.await();
        assertEquals(2, calls.get());
    }

    @Test
    void aMissingFolderIsAnError() {
        assertThrows(NoSuchFileException.class, () -> new DirectorySync(dir.resolve("gone")).await());
    }

    @Test
    void manyThreadsAllReturn() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            AtomicInteger fsyncs = new AtomicInteger();
            DirectorySync sync = new DirectorySync(dir, d -> {
                fsyncs.incrementAndGet();
                DirectorySync.fsync(d);
            });
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        awaitAndCount(sync, new AtomicInteger());
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            assertTrue(fsyncs.get() >= 1 && fsyncs.get() <= 400, fsyncs + " fsyncs for 400 calls");
        });
    }

    private static int awaitAndCount(DirectorySync sync, AtomicInteger finished) {
        try {
            sync.await();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return finished.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
