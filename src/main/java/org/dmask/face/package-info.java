/**
 * Face analysis: detection, landmarks, iris and eyelids, tracking, scene cuts, rigid pose and the per-eye clinical
 * signals (gaze, lid aperture, blinks).
 *
 * <p>Must not know: rendering, DICOM.
 */
package org.dmask.face;
