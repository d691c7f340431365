package org.dmask.pixel;

import java.util.ArrayList;
import java.util.List;

/**
 * Burned-in text across the frames of a multi-frame image or a video. First pass ({@link #observe}, in order): the
 * text is read on every {@code sampleEvery}-th frame and on every scene change. Second pass ({@link #regionsAt}): a
 * box found on a read frame is blanked from the read frame before it to the read frame after it (text that appeared
 * or went in between is covered), and beyond that on every frame where the pixels under the box are still those it
 * was found on (burned-in overlays are static: a box stays until the content under it changes).
 */
public final class TextTracker {

    /** Mean absolute grey difference of two 32x24 thumbnails above which a frame starts a new scene. */
    public static final double SCENE_CHANGE = 20;
    /** Mean absolute grey difference under a box up to which the box still shows what it was found on. */
    public static final double STILL_THERE = 6;

    private static final int THUMB_W = 32;
    private static final int THUMB_H = 24;

    /** A box found on read frames {@code first..last} (indexes into {@link #reads}), with its pixels when found. */
    private static final class Found {
        final Region region;
        final byte[] patch;
        final int first;
        int last;
        long from;
        long to;

        Found(Region region, byte[] patch, int read) {
            this.region = region;
            this.patch = patch;
            this.first = read;
            this.last = read;
        }
    }

    private final TextFinder finder;
    private final int width;
    private final int height;
    private final int sampleEvery;
    private final List<Long> reads = new ArrayList<>();
    private final List<Found> found = new ArrayList<>();
    private byte[] lastThumb;
    private long frames;

    public TextTracker(TextFinder finder, int width, int height, int sampleEvery) {
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sample every " + sampleEvery + " frames");
        }
        this.finder = finder;
        this.width = width;
        this.height = height;
        this.sampleEvery = sampleEvery;
    }

    /** First pass: the next frame, in order. */
    public void observe(long index, byte[] grey) {
        byte[] thumb = thumbnail(grey);
        boolean cut = lastThumb != null && meanDiff(thumb, lastThumb) > SCENE_CHANGE;
        lastThumb = thumb;
        frames = index + 1;
        if (index % sampleEvery != 0 && !cut) {
            return;
        }
        int read = reads.size();
        reads.add(index);
        for (Region r : finder.find(grey, width, height)) {
            Found same = null;
            for (Found f : found) {
                if (f.last == read - 1 && f.region.overlap(r) > 0.8) {
                    same = f;
                    break;
                }
            }
            if (same != null) {
                same.last = read;
            } else {
                found.add(new Found(r, patch(grey, r), read));
            }
        }
    }

    /** Between the passes: each box's span of certain presence, from the read frames around it. */
    public void endObserving() {
        for (Found f : found) {
            f.from = f.first == 0 ? 0 : reads.get(f.first - 1);
            f.to = f.last + 1 < reads.size() ? reads.get(f.last + 1) : Long.MAX_VALUE;
        }
    }

    /** Second pass: the regions to blank in frame {@code index}. */
    public List<Region> regionsAt(long index, byte[] grey) {
        List<Region> out = new ArrayList<>();
        for (Found f : found) {
            if (index >= f.from && index <= f.to || meanDiff(patch(grey, f.region), f.patch) <= STILL_THERE) {
                out.add(f.region);
            }
        }
        return out;
    }

    /** Frames read by OCR. */
    public int framesRead() {
        return reads.size();
    }

    /** Distinct boxes found. */
    public int boxes() {
        return found.size();
    }

    public long frames() {
        return frames;
    }

    private byte[] patch(byte[] grey, Region r) {
        byte[] p = new byte[(int) r.area()];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(grey, (r.y() + y) * width + r.x(), p, y * r.width(), r.width());
        }
        return p;
    }

    private byte[] thumbnail(byte[] grey) {
        byte[] t = new byte[THUMB_W * THUMB_H];
        for (int ty = 0; ty < THUMB_H; ty++) {
            int y0 = ty * height / THUMB_H;
            int y1 = Math.max(y0 + 1, (ty + 1) * height / THUMB_H);
            for (int tx = 0; tx < THUMB_W; tx++) {
                int x0 = tx * width / THUMB_W;
                int x1 = Math.max(x0 + 1, (tx + 1) * width / THUMB_W);
                long sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += grey[y * width + x] & 0xff;
                    }
                }
                t[ty * THUMB_W + tx] = (byte) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return t;
    }

    private static double meanDiff(byte[] a, byte[] b) {
        if (a.length == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }
}
