package org.dmask.mask.avatar;

/**
 * The avatar's fixed look, the same for every patient: background, skin, sclera, iris and pupil colours, and the
 * colour of the drawn features (lash lines and brows, {@link FaceFeatures}), as 8-bit sRGB. The background is an exact byte triple, so a neutral frame is exactly that colour everywhere.
 */
public record AvatarStyle(int[] background, int[] skin, int[] sclera, int[] iris, int[] pupil, int[] feature) {

    /** Mid grey background; a warm grey-beige skin; blue-grey iris. Chosen to be told apart by hue. */
    public static final AvatarStyle NEUTRAL = new AvatarStyle(
            new int[] {112, 112, 112},
            new int[] {206, 184, 164},
            new int[] {236, 234, 230},
            new int[] {70, 112, 150},
            new int[] {14, 14, 16},
            new int[] {52, 40, 34});

    public AvatarStyle {
        for (int[] colour : new int[][] {background, skin, sclera, iris, pupil, feature}) {
            if (colour.length != 3) {
                throw new IllegalArgumentException("colours are RGB triples");
            }
            for (int channel : colour) {
                if (channel < 0 || channel > 255) {
                    throw new IllegalArgumentException("colour channel out of 0..255: " + channel);
                }
            }
        }
        background = background.clone();
        skin = skin.clone();
        sclera = sclera.clone();
        iris = iris.clone();
        pupil = pupil.clone();
        feature = feature.clone();
    }

    @Override
    public int[] feature() {
        return feature.clone();
    }

    @Override
    public int[] background() {
        return background.clone();
    }

    @Override
    public int[] iris() {
        return iris.clone();
    }

    @Override
    public int[] sclera() {
        return sclera.clone();
    }

    @Override
    public int[] pupil() {
        return pupil.clone();
    }

    @Override
    public int[] skin() {
        return skin.clone();
    }

    public static float[] unit(int[] rgb) {
        return new float[] {rgb[0] / 255f, rgb[1] / 255f, rgb[2] / 255f};
    }
}
