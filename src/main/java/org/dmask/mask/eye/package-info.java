/**
 * The generic eye as the face analysis sees it: its measured response (committed table, recalibrated by
 * {@code tools/calibrate-eye.sh}), the limits it can show, and the gaze readback that corrects a rendered eye
 * against the analysis.
 *
 * <p>Must not know: video containers, compositing, tags.
 */
package org.dmask.mask.eye;
