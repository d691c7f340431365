package org.dmask.model;

/** One file listed in {@code models/manifest.json}: what it is, what it must hash to, and where it comes from. */
public record ModelEntry(String name, String file, String sha256, long size, String licence, String source, String use) {
}
