package org.dmask.dimse;

import java.util.Locale;

/**
 * When a received object counts as stored, that is when its sender may be told "success".
 * <ul>
 * <li>{@link #POWER_LOSS} (the default): the file's bytes and its name are on the disk (fdatasync of the file, rename,
 * fsync of the folder, the folder's fsync shared by the objects renamed meanwhile). Survives kill -9, a crash of the
 * operating system and loss of power.</li>
 * <li>{@link #PROCESS}: the file is complete under its final name in the operating system's cache, not yet on the
 * disk. Survives kill -9 and any failure of dmask itself, but not a crash of the operating system or a loss of power
 * (as DCMTK storescp, which fsyncs nothing).</li>
 * </ul>
 */
public enum Durability {
    POWER_LOSS("power-loss"),
    PROCESS("process");

    private final String configName;

    Durability(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** "power-loss" or "process"; anything else is refused with the values allowed. */
    public static Durability parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (Durability d : values()) {
            if (d.configName.equals(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability must be power-loss or process, not '" + s + "'");
    }
}
