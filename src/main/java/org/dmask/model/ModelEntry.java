package org.dmask.model;

import java.util.Optional;

/**
 * One file listed in {@code models/manifest.json}: what it is, what it must hash to, and where it comes from.
 *
 * @param pkg       the npm package it is built from
 * @param build     how: {@code tfjs-to-onnx}, {@code copy}, {@code gunzip} or {@code canonical-mesh}
 * @param reference for a converted graph, the reference outputs' file in {@code models/reference/}
 * @param evalOnly  an evaluation-only model: installed into, and found in, the evaluation folder only
 */
public record ModelEntry(String name, String file, String sha256, long size, String licence, String source, String use,
        ModelPackage pkg, String build, Optional<String> reference, boolean evalOnly) {

    public static final String TFJS_TO_ONNX = "tfjs-to-onnx";
    public static final String COPY = "copy";
    public static final String CANONICAL_MESH = "canonical-mesh";
    /** One gzip-compressed file of the package, decompressed (Tesseract's traineddata). */
    public static final String GUNZIP = "gunzip";
}
