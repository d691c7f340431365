package org.dmask.video;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that decide the DICOM transfer syntax and
 * the Image Pixel attributes: profile, constraint flags, level, chroma format, bit depth and the cropped frame size.
 */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLuma,
        int bitDepthChroma, boolean frameMbsOnly, int width, int height) {

    public static final int BASELINE = 66;
    public static final int MAIN = 77;
    public static final int HIGH = 100;
    public static final int STEREO_HIGH = 128;

    /** Parses an SPS NAL unit (with its one-byte NAL header). */
    public static H264Sps parse(byte[] nal) throws VideoException {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) {
            throw new VideoException("not an H.264 sequence parameter set (NAL unit type "
                    + (nal.length == 0 ? "none" : nal[0] & 0x1F) + ")");
        }
        BitReader r = new BitReader(BitReader.unescape(nal, 1, nal.length));
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue(); // seq_parameter_set_id
        int chroma = 1;
        int depthLuma = 8;
        int depthChroma = 8;
        if (hasChromaInfo(profile)) {
            chroma = r.ue();
            if (chroma == 3) {
                r.flag(); // separate_colour_plane_flag
            }
            depthLuma = r.ue() + 8;
            depthChroma = r.ue() + 8;
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.flag();
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.flag()) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int cropUnitX = chroma == 0 || chroma == 3 ? 1 : 2;
        int cropUnitY = (chroma == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
        int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        return new H264Sps(profile, constraints, level, chroma, depthLuma, depthChroma, frameMbsOnly, width, height);
    }

    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    private static void skipScalingList(BitReader r, int size) throws VideoException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** constraint_set1_flag: with Baseline, the Constrained Baseline profile (decodable by Main and High). */
    public boolean constraintSet1() {
        return (constraintFlags & 0x40) != 0;
    }

    /** Level times ten (41 for 4.1); level 1b counts as 10, since it is below 1.1. */
    public int level() {
        return levelIdc == 9 ? 10 : levelIdc;
    }

    public String profileName() {
        return switch (profileIdc) {
            case BASELINE -> constraintSet1() ? "Constrained Baseline" : "Baseline";
            case MAIN -> "Main";
            case 88 -> "Extended";
            case HIGH -> "High";
            case 110 -> "High 10";
            case 122 -> "High 4:2:2";
            case 244 -> "High 4:4:4 Predictive";
            case STEREO_HIGH -> "Stereo High";
            case 118 -> "Multiview High";
            default -> "profile_idc " + profileIdc;
        };
    }

    @Override
    public String toString() {
        return profileName() + "@L" + level() / 10 + "." + level() % 10 + " " + width + "x" + height
                + " chroma_format_idc " + chromaFormatIdc + " " + bitDepthLuma + "-bit";
    }
}
