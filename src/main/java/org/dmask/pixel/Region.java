package org.dmask.pixel;

/** An axis-aligned rectangle of pixels: columns {@code [x, x + width)}, rows {@code [y, y + height)}. */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("region of " + width + "x" + height + " pixels");
        }
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    public long area() {
        return (long) width * height;
    }

    public boolean contains(int px, int py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }

    /** This region grown by {@code margin} pixels on every side, then cut to a {@code columns}x{@code rows} image. */
    public Region grown(int margin, int columns, int rows) {
        return new Region(x - margin, y - margin, width + 2 * margin, height + 2 * margin).clipped(columns, rows);
    }

    /** The part of this region inside a {@code columns}x{@code rows} image (empty when none). */
    public Region clipped(int columns, int rows) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(columns, x + width);
        int y1 = Math.min(rows, y + height);
        return x1 <= x0 || y1 <= y0 ? new Region(x0, y0, 0, 0) : new Region(x0, y0, x1 - x0, y1 - y0);
    }

    /** Intersection over union, 0 for disjoint regions. */
    public double overlap(Region o) {
        int ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        int iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        long inter = (long) ix * iy;
        long union = area() + o.area() - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    @Override
    public String toString() {
        return width + "x" + height + "+" + x + "+" + y;
    }
}
