package org.dmask.mask.gl;

import org.dmask.mask.DevicePreference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class EglContextTest {

    @Test
    void picksThePathByItselfAndLogsTheRenderer() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(EglContext.class.getName());
        logger.addHandler(capture);
        try (EglContext context = EglContext.createCurrent(DevicePreference.AUTO)) {
            String expected = context.path() == RenderPath.CPU ? "llvmpipe" : "NVIDIA";
            assertTrue(context.renderer().contains(expected), context.renderer());
            assertTrue(logged.stream().anyMatch(line -> line.contains(expected) && line.contains(context.path().name())),
                    "log lines: " + logged);
            if (!"true".equalsIgnoreCase(System.getenv("DMASK_EXPECT_GPU"))) {
                assertEquals(RenderPath.CPU, context.path(), "no NVIDIA device expected here");
            }
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void oneContextPerWorkerThreadAndNoUseFromAnother() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> renderers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                renderers.add(workers.submit(() -> {
                    try (EglContext context = EglContext.createCurrent(DevicePreference.AUTO)) {
                        return context.renderer();
                    }
                }));
            }
            for (Future<String> renderer : renderers) {
                assertTrue(!renderer.get().isBlank());
            }
            try (EglContext mine = EglContext.createCurrent(DevicePreference.AUTO)) {
                Future<?> misuse = workers.submit(mine::checkThread);
                var error = assertThrows(java.util.concurrent.ExecutionException.class, misuse::get);
                assertTrue(error.getCause() instanceof IllegalStateException);
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
