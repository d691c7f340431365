package org.dmask.pixel;

import java.util.ArrayList;
import java.util.List;

/**
 * The regions to blank so that no burned-in word stays readable in one grey frame. Tesseract often reads only part
 * of a word (the last letters of a name, half a date); so the image is read again with what was found blanked, up to
 * {@link #ROUNDS} times, until a reading finds nothing new. Each word box is grown by a margin that scales with the
 * text's height (more sideways, where the cut-off letters are).
 */
public final class TextFinder {

    /** Readings of one frame at most. */
    public static final int ROUNDS = 3;
    /** Word boxes lower than this (in image pixels) are texture, not text anyone can read. */
    public static final int MIN_HEIGHT = 5;

    private final TextDetector detector;

    public TextFinder(TextDetector detector) {
        this.detector = detector;
    }

    /** The regions to blank in a {@code width}x{@code height} grey frame; {@code grey} is not changed. */
    public List<Region> find(byte[] grey, int width, int height) {
        byte[] work = grey.clone();
        List<Region> found = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Region> fresh = new ArrayList<>();
            for (TextDetector.Word w : detector.words(work, width, height)) {
                if (isText(w)) {
                    fresh.add(alongInk(grey, width, height, withMargin(w.box(), width, height), w.box().height()));
                }
            }
            if (fresh.isEmpty()) {
                break;
            }
            for (Region r : fresh) {
                fill(work, width, r, (byte) 0);
            }
            found.addAll(fresh);
        }
        return found;
    }

    /**
     * Whether a word box is text worth blanking: at least {@link #MIN_HEIGHT} high, with a letter or digit, its
     * characters not far wider than tall (a texture read as "NN" across a whole image region), and not a one or
     * two-character guess Tesseract itself doubts (confidence under {@link #DOUBT}).
     */
    static boolean isText(TextDetector.Word w) {
        long alnum = w.text().codePoints().filter(Character::isLetterOrDigit).count();
        int chars = Math.max(1, w.text().length());
        return w.box().height() >= MIN_HEIGHT && alnum > 0
                && w.box().width() <= 1.5 * w.box().height() * chars
                && !(alnum <= 2 && w.confidence() < DOUBT);
    }

    /** Tesseract's confidence (0-100) under which a one or two-character word is taken for texture. */
    public static final float DOUBT = 50;

    /** A word box grown by a quarter of its height above and below, and by half its height left and right. */
    static Region withMargin(Region box, int width, int height) {
        int v = Math.max(2, (box.height() + 3) / 4);
        int h = Math.max(3, (box.height() + 1) / 2);
        return new Region(box.x() - h, box.y() - v, box.width() + 2 * h, box.height() + 2 * v).clipped(width, height);
    }

    /** Columns whose grey values span more than this hold ink (text strokes are high-contrast). */
    static final int INK_CONTRAST = 96;

    /**
     * The region extended sideways over the ink that continues the word (letters Tesseract did not box): column by
     * column while a column of the region's rows holds high contrast, with gaps of at most one text height
     * (a space, with a full stop before it), and by at most six text heights a side.
     */
    static Region alongInk(byte[] grey, int width, int height, Region r, int textHeight) {
        int limit = 6 * textHeight;
        int gap = Math.max(2, textHeight);
        int left = r.x();
        int misses = 0;
        for (int x = r.x() - 1; x >= 0 && r.x() - x <= limit && misses <= gap; x--) {
            if (isInk(grey, width, x, r)) {
                left = x;
                misses = 0;
            } else {
                misses++;
            }
        }
        int right = r.x() + r.width();
        misses = 0;
        for (int x = r.x() + r.width(); x < width && x - r.x() - r.width() < limit && misses <= gap; x++) {
            if (isInk(grey, width, x, r)) {
                right = x + 1;
                misses = 0;
            } else {
                misses++;
            }
        }
        int pad = left < r.x() || right > r.x() + r.width() ? Math.max(2, textHeight / 4) : 0;
        return new Region(left - (left < r.x() ? pad : 0), r.y(),
                right - left + (left < r.x() ? pad : 0) + (right > r.x() + r.width() ? pad : 0), r.height())
                .clipped(width, height);
    }

    private static boolean isInk(byte[] grey, int width, int x, Region r) {
        int min = 255;
        int max = 0;
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            int v = grey[y * width + x] & 0xff;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min > INK_CONTRAST;
    }

    static void fill(byte[] grey, int width, Region r, byte value) {
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            java.util.Arrays.fill(grey, y * width + r.x(), y * width + r.x() + r.width(), value);
        }
    }
}
