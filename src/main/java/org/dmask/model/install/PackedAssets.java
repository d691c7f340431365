package org.dmask.model.install;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file out of an Emscripten packed-assets bundle, as MediaPipe's npm solutions ship them: the {@code .data}
 * file is the files laid end to end, and the loader script lists each one's name and byte range. The ranges are read
 * from the loader, never assumed, so a re-packed bundle is read right or refused.
 */
final class PackedAssets {

    private static final Pattern FILE = Pattern.compile(
            "\\{\\s*\"filename\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"start\"\\s*:\\s*(\\d+)\\s*,\\s*\"end\"\\s*:\\s*(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\"remote_package_size\"\\s*:\\s*(\\d+)");

    private PackedAssets() {
    }

    /**
     * The bytes of {@code asset} in {@code data}.
     *
     * @param loader the loader script's text
     * @param what   names the package in messages
     */
    static byte[] extract(byte[] data, String loader, String asset, String what) {
        Matcher total = TOTAL.matcher(loader);
        if (total.find() && Long.parseLong(total.group(1)) != data.length) {
            throw new InstallException(what + ": the packed assets are " + data.length + " bytes, their loader says "
                    + total.group(1));
        }
        Matcher m = FILE.matcher(loader);
        while (m.find()) {
            if (m.group(1).equals(asset)) {
                long start = Long.parseLong(m.group(2));
                long end = Long.parseLong(m.group(3));
                if (start > end || end > data.length) {
                    throw new InstallException(what + ": the loader places " + asset + " at bytes [" + start + ", "
                            + end + "), outside the " + data.length + "-byte packed assets");
                }
                return Arrays.copyOfRange(data, (int) start, (int) end);
            }
        }
        throw new InstallException(what + ": the packed-assets loader lists no file " + asset);
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
