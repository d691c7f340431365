package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** Order, back-pressure and failure of the frame pipeline, with synthetic frames. */
@SlowTest
class FramePipelineTest {

    /** Frames whose first pixel bytes carry the index; counts how many are in flight. */
    static final class CountingSource implements FrameSource {
        final long total;
        final AtomicLong read = new AtomicLong();
        final int failAt;

        CountingSource(long total, int failAt) {
            this.total = total;
            this.failAt = failAt;
        }

        @Override
        public VideoFormat format() {
            return new VideoFormat(16, 8, new FrameRate(25, 1), total, false);
        }

        @Override
        public boolean read(VideoFrame into) throws IOException {
            long i = read.get();
            if (i == failAt) {
                throw new VideoException("source broken at frame " + i);
            }
            if (i >= total) {
                return false;
            }
            into.bgr()[0] = (byte) i;
            into.bgr()[1] = (byte) (i >> 8);
            into.setTiming(i, i * 40_000);
            read.incrementAndGet();
            return true;
        }

        @Override
        public void close() {
        }
    }

    static final class RecordingSink implements FrameSink {
        final List<Long> indices = new ArrayList<>();
        final CountingSource source;
        long maxInFlight;
        boolean finished;
        final int failAt;

        RecordingSink(CountingSource source, int failAt) {
            this.source = source;
            this.failAt = failAt;
        }

        @Override
        public void write(VideoFrame frame) throws IOException {
            if (indices.size() == failAt) {
                throw new VideoException("disk full at frame " + failAt);
            }
            long idx = (frame.bgr()[0] & 0xFF) | (frame.bgr()[1] & 0xFF) << 8;
            assertEquals(frame.index() & 0xFFFF, idx, "pixels belong to the frame's index");
            assertEquals(1, frame.bgr()[2], "processed");
            indices.add(frame.index());
            maxInFlight = Math.max(maxInFlight, source.read.get() - indices.size());
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void keepsOrderWithUnevenWork() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CountingSource src = new CountingSource(300, -1);
            RecordingSink sink = new RecordingSink(src, -1);
            FrameProcessor work = f -> {
                Random r = new Random(f.index()); // fixed per frame
                Thread.sleep(f.index() == 7 ? 300 : r.nextInt(4)); // one very slow frame
                f.bgr()[2] = 1;
            };
            long n = new FramePipeline(4, 6).run(src, work, sink);
            assertEquals(300, n);
            assertTrue(sink.finished);
            for (int i = 0; i < 300; i++) {
                assertEquals(i, sink.indices.get(i));
            }
            assertTrue(sink.maxInFlight <= 6, "in flight at most the capacity: " + sink.maxInFlight);
        });
    }

    @Test
    void failingWorkerStopsEverything() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CountingSource src = new CountingSource(1_000_000, -1);
            RecordingSink sink = new RecordingSink(src, -1);
            AtomicInteger processed = new AtomicInteger();
            FrameProcessor work = f -> {
                if (f.index() == 17) {
                    throw new IllegalStateException("no face model");
                }
                f.bgr()[2] = 1;
                processed.incrementAndGet();
            };
            VideoException e = assertThrows(VideoException.class, () -> new FramePipeline(3, 4).run(src, work, sink));
            assertTrue(e.getMessage().contains("frame 17") && e.getMessage().contains("no face model"), e.getMessage());
            assertFalse(sink.finished, "no output finished after a failure");
            assertTrue(sink.indices.size() <= 17, "nothing after the failed frame reaches the sink");
            assertTrue(src.read.get() < 1000, "decoding stopped: " + src.read.get());
        });
    }

    @Test
    void failingSourceAndSinkPropagate() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CountingSource src = new CountingSource(100, 40);
            RecordingSink sink = new RecordingSink(src, -1);
            VideoException e = assertThrows(VideoException.class,
                    () -> new FramePipeline(2, 3).run(src, f -> f.bgr()[2] = 1, sink));
            assertTrue(e.getMessage().contains("source broken at frame 40"), e.getMessage());
            assertFalse(sink.finished);

            CountingSource src2 = new CountingSource(1_000_000, -1);
            RecordingSink sink2 = new RecordingSink(src2, 25);
            VideoException e2 = assertThrows(VideoException.class,
                    () -> new FramePipeline(2, 3).run(src2, f -> f.bgr()[2] = 1, sink2));
            assertTrue(e2.getMessage().contains("disk full at frame 25"), e2.getMessage());
            assertTrue(src2.read.get() < 1000, "decoding stopped: " + src2.read.get());
        });
    }
}
