package org.dmask.deid;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A named de-identification profile: the Basic Profile plus options, per-attribute overrides, and the private
 * attributes known to be safe (kept only with {@link Option#RETAIN_SAFE_PRIVATE}).
 */
public record Profile(String name, Set<Option> options, Map<Integer, Override> overrides, Set<SafePrivate> safePrivate) {

    /** What a profile says about one public attribute, over the table. */
    public record Override(Kind kind, String value) {
        public enum Kind { KEEP, REMOVE, REPLACE, HASH }
    }

    /** A private attribute known to be safe: its private creator and the element's low byte (0x00-0xFF). */
    public record SafePrivate(String creator, int element) {
    }

    public Profile {
        options = options.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(options));
        overrides = Map.copyOf(overrides);
        safePrivate = Set.copyOf(safePrivate);
        if (options.contains(Option.RETAIN_LONGITUDINAL_FULL_DATES)
                && options.contains(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            throw new IllegalArgumentException("profile " + name + ": retain-longitudinal-full-dates and "
                    + "retain-longitudinal-modified-dates exclude each other");
        }
    }

    public static Profile basic() {
        return new Profile("basic", Set.of(), Map.of(), Set.of());
    }

    public static Profile of(String name, Option... options) {
        return new Profile(name, options.length == 0 ? Set.of() : EnumSet.of(options[0], options), Map.of(), Set.of());
    }

    public boolean has(Option o) {
        return options.contains(o);
    }

    public boolean isSafePrivate(String creator, int tag) {
        return creator != null && safePrivate.contains(new SafePrivate(creator.strip(), tag & 0xFF));
    }
}
