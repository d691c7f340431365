/**
 * Clean Pixel Data (PS3.15 option 113101): burned-in text found by OCR (Tesseract) and per-device region templates,
 * blanked in native images, compressed images and video frames, and recorded in the object.
 *
 * <p>Must not know: routes, the mask, face analysis.
 */
package org.dmask.pixel;
