package org.dmask.mask.gl;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of render threads, each owning one {@link AvatarRenderer} (one EGL context per thread, created and
 * closed on that thread). Any thread may ask for a frame; it borrows a free lane, so at most {@code lanes} frames
 * render at once.
 */
public final class RenderLanes implements AutoCloseable {

    private final List<Lane> all = new ArrayList<>();
    private final BlockingQueue<Lane> free;

    public RenderLanes(int lanes, AvatarMesh mesh, RenderSettings settings) {
        free = new ArrayBlockingQueue<>(lanes);
        try {
            for (int i = 0; i < lanes; i++) {
                Lane lane = new Lane(i, mesh, settings);
                all.add(lane);
                free.add(lane);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Which path the renderers run on (all lanes share the display choice). */
    public RenderPath path() {
        return all.get(0).path;
    }

    public String glRenderer() {
        return all.get(0).glRenderer;
    }

    public RenderedFrame render(AvatarFrame frame) throws InterruptedException {
        Lane lane = free.take();
        try {
            return lane.executor.submit(() -> lane.renderer.render(frame)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("rendering failed: " + cause, cause);
        } finally {
            free.add(lane);
        }
    }

    @Override
    public void close() {
        for (Lane lane : all) {
            lane.close();
        }
    }

    private static final class Lane {
        final ExecutorService executor;
        final AvatarRenderer renderer;
        final RenderPath path;
        final String glRenderer;

        Lane(int number, AvatarMesh mesh, RenderSettings settings) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mask-render-" + number);
                t.setDaemon(true);
                return t;
            });
            try {
                renderer = executor.submit(() -> new AvatarRenderer(mesh, settings)).get();
            } catch (ExecutionException e) {
                executor.shutdownNow();
                throw e.getCause() instanceof RuntimeException r ? r
                        : new RendererUnavailableException("cannot start a renderer: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting a renderer", e);
            }
            path = renderer.path();
            glRenderer = renderer.glRenderer();
        }

        void close() {
            try {
                executor.submit(renderer::close).get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the thread ends below; the driver frees the context with the process at worst
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
