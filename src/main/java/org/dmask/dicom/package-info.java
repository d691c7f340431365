/**
 * The DICOM data model and the Part 10 codec: {@code Tag}, {@code VR} with its {@code ValueType}, {@code UID}, the
 * dictionary, {@code Attributes}, the streaming reader and writer, fragments and character sets.
 *
 * <p>Must not know: anything above it. It imports nothing of dmask.
 */
package org.dmask.dicom;
