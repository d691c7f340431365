package org.dmask.deid;

import java.util.Locale;

/**
 * The options of the Basic Application Level Confidentiality Profile, each with its CID 7050 code. {@code column} is
 * the option's column in annex-e.txt (after tag, keyword and Basic), or -1 for the options that other stages carry
 * out (pixel data, recognizable visual features) and that are only recorded here.
 */
public enum Option {
    RETAIN_SAFE_PRIVATE(0, "113111", "Retain Safe Private Option"),
    RETAIN_UIDS(1, "113110", "Retain UIDs Option"),
    RETAIN_DEVICE_IDENTITY(2, "113109", "Retain Device Identity Option"),
    RETAIN_INSTITUTION_IDENTITY(3, "113112", "Retain Institution Identity Option"),
    RETAIN_PATIENT_CHARACTERISTICS(4, "113108", "Retain Patient Characteristics Option"),
    RETAIN_LONGITUDINAL_FULL_DATES(5, "113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    RETAIN_LONGITUDINAL_MODIFIED_DATES(6, "113107",
            "Retain Longitudinal Temporal Information Modified Dates Option"),
    CLEAN_DESCRIPTORS(7, "113105", "Clean Descriptors Option"),
    CLEAN_STRUCTURED_CONTENT(8, "113104", "Clean Structured Content Option"),
    CLEAN_GRAPHICS(9, "113103", "Clean Graphics Option"),
    CLEAN_PIXEL_DATA(-1, "113101", "Clean Pixel Data Option"),
    CLEAN_RECOGNIZABLE_VISUAL_FEATURES(-1, "113102", "Clean Recognizable Visual Features Option");

    /** CID 7050 code of the Basic Profile itself. */
    public static final String BASIC_PROFILE_CODE = "113100";
    public static final String BASIC_PROFILE_MEANING = "Basic Application Confidentiality Profile";

    private final int column;
    private final String code;
    private final String meaning;

    Option(int column, String code, String meaning) {
        this.column = column;
        this.code = code;
        this.meaning = meaning;
    }

    int column() {
        return column;
    }

    /** Whether this option changes tags (false: carried out by the pixel stages, only recorded). */
    public boolean actsOnTags() {
        return column >= 0;
    }

    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The name used in profiles: retain-safe-private, clean-descriptors, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Option ofConfigName(String name) {
        for (Option o : values()) {
            if (o.configName().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
