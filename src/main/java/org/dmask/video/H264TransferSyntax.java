package org.dmask.video;

import org.dmask.dicom.UID;

/**
 * The DICOM transfer syntax for an H.264 stream, chosen from its SPS as archives do (PS3.5 §8.2.7-8.2.9):
 * <ul>
 * <li>High Profile up to Level 4.1: MPEG-4 AVC/H.264 High Profile / Level 4.1 (.102). Main and Constrained
 * Baseline streams go there too: every High Profile decoder decodes them (H.264 Annex A.2), and they keep within
 * the same level limits.</li>
 * <li>The same profiles at Level 4.2: High Profile / Level 4.2 For 2D Video (.104).</li>
 * <li>Stereo High up to Level 4.2: Stereo High Profile / Level 4.2 (.106).</li>
 * </ul>
 * BD-compatible (.103) and 3D (.105) are never chosen: they need frame sizes and rates, or stereo frame packing,
 * that the SPS alone does not prove. Anything else (4:2:2, 4:4:4, more than 8 bits, plain Baseline with
 * ASO/FMO, levels above 4.2) has no DICOM transfer syntax and is refused. Each has a Fragmentable variant (.x.1).
 */
public final class H264TransferSyntax {

    private H264TransferSyntax() {
    }

    public static String of(H264Sps sps, boolean fragmentable) throws VideoException {
        if (sps.chromaFormatIdc() != 1 || sps.bitDepthLuma() != 8 || sps.bitDepthChroma() != 8) {
            throw new VideoException("H.264 stream " + sps + ": DICOM video needs 4:2:0 (chroma_format_idc 1) at 8 bits");
        }
        int level = sps.level();
        boolean highCompatible = sps.profileIdc() == H264Sps.HIGH || sps.profileIdc() == H264Sps.MAIN
                || (sps.profileIdc() == H264Sps.BASELINE && sps.constraintSet1());
        if (highCompatible && level <= 41) {
            return fragmentable ? UID.MPEG4HP41F : UID.MPEG4HP41;
        }
        if (highCompatible && level == 42) {
            return fragmentable ? UID.MPEG4HP422DF : UID.MPEG4HP422D;
        }
        if (sps.profileIdc() == H264Sps.STEREO_HIGH && level <= 42) {
            return fragmentable ? UID.MPEG4HP42STEREOF : UID.MPEG4HP42STEREO;
        }
        throw new VideoException("H.264 stream " + sps + ": no DICOM transfer syntax allows this profile and level"
                + " (High, Main or Constrained Baseline up to Level 4.2, or Stereo High up to Level 4.2)");
    }
}
