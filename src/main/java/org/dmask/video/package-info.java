/**
 * DICOM video and multi-frame objects to frames and back (JavaCV/FFmpeg): decoding, H.264 re-encoding,
 * re-encapsulation, the Cine and Multi-frame attributes, and the frame pipeline.
 *
 * <p>Must not know: faces.
 */
package org.dmask.video;
