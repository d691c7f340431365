package org.dmask.route.delivery;

/** A named delivery target: a Camel endpoint URI ({@code dicom:AE@host:port}, {@code archive:dir}, {@code stow:url}). */
public record TargetSpec(String name, String uri) {
}
