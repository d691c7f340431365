package org.dmask.video;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * source → per-frame work on a pool of threads → sink, with decoding, work and encoding overlapping. Frames reach
 * the sink in source order. A fixed set of {@code capacity} frame buffers circulates: the decoder waits for a free
 * buffer, so no more than {@code capacity} frames are ever in flight (back-pressure, and memory that does not grow
 * with the video). The first error anywhere stops everything and is thrown from {@link #run}; the sink is then not
 * finished, so it leaves no output.
 */
public final class FramePipeline {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final int workers;
    private final int capacity;

    public FramePipeline(int workers, int capacity) {
        if (workers < 1 || capacity < 1) {
            throw new IllegalArgumentException("workers " + workers + ", capacity " + capacity);
        }
        this.workers = workers;
        this.capacity = capacity;
    }

    /** Runs the whole stream through and finishes the sink; returns the number of frames written. */
    public long run(FrameSource source, FrameProcessor work, FrameSink sink) throws IOException {
        int id = IDS.incrementAndGet();
        BlockingQueue<VideoFrame> free = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            free.add(source.newFrame());
        }
        // In submission order; a completed null future marks the end of the stream.
        BlockingQueue<Future<VideoFrame>> inFlight = new ArrayBlockingQueue<>(capacity + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, named("video-work-" + id));
        Thread decoder = named("video-decode-" + id).newThread(() -> decode(source, work, free, inFlight, pool, failure));
        decoder.start();
        long written = 0;
        try {
            while (true) {
                Future<VideoFrame> next = inFlight.poll(50, TimeUnit.MILLISECONDS);
                if (failure.get() != null) {
                    break;
                }
                if (next == null) {
                    continue;
                }
                VideoFrame frame;
                try {
                    frame = next.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                    break;
                }
                if (frame == null) {
                    break;
                }
                sink.write(frame);
                written++;
                free.put(frame);
            }
            if (failure.get() == null) {
                sink.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            pool.shutdownNow();
            decoder.interrupt();
            try {
                decoder.join(TimeUnit.SECONDS.toMillis(30));
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof VideoException ve) {
                throw new VideoException(ve.getMessage(), ve); // rethrown from this thread, cause kept
            }
            throw new VideoException("frame pipeline stopped after " + written + " frames: " + t, t);
        }
        return written;
    }

    private static void decode(FrameSource source, FrameProcessor work, BlockingQueue<VideoFrame> free,
            BlockingQueue<Future<VideoFrame>> inFlight, ExecutorService pool, AtomicReference<Throwable> failure) {
        try {
            while (failure.get() == null) {
                VideoFrame frame = free.take();
                if (!source.read(frame)) {
                    break;
                }
                inFlight.put(pool.submit(() -> {
                    if (failure.get() != null) {
                        throw new IllegalStateException("pipeline stopped");
                    }
                    try {
                        work.process(frame);
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, new VideoException("frame work failed on frame " + frame.index()
                                + ": " + e, e));
                        throw e;
                    }
                    return frame;
                }));
            }
            inFlight.put(CompletableFuture.completedFuture(null));
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
