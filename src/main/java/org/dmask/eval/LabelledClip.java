package org.dmask.eval;

import java.nio.file.Path;

/** A clip with the identity of the person in it. */
public record LabelledClip(String name, Path file, String person) {
}
