package org.dmask.model.install;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads named files out of an npm package tarball (gzip, then POSIX ustar with pax or GNU long names, as node-tar
 * and npm pack write them). Streams the archive once and keeps only the files asked for.
 */
final class Tarball {

    private static final int BLOCK = 512;

    private Tarball() {
    }

    /**
     * The wanted entries' contents, by path.
     *
     * @param what names the tarball in messages ({@code @mediapipe/face_mesh@0.4.1657299874 (file …)})
     * @throws InstallException when the archive ends early, is not a gzip tar, or lacks a wanted entry
     */
    static Map<String, byte[]> read(Path tgz, Collection<String> wanted, String what) {
        Set<String> missing = new TreeSet<>(wanted);
        Map<String, byte[]> found = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    throw new InstallException("tarball " + what + " is truncated: the archive ends before its end"
                            + " marker; copy or download it again");
                }
                if (isZero(header)) {
                    break; // end of archive
                }
                long size = size(header, what);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                boolean keep = missing.contains(name);
                byte[] body = type == 'x' || type == 'L' || keep ? new byte[Math.toIntExact(size)] : null;
                if (body != null) {
                    if (!readFully(in, body)) {
                        throw truncated(what, name);
                    }
                } else if (!skipFully(in, size)) {
                    throw truncated(what, name);
                }
                if (!skipFully(in, (BLOCK - size % BLOCK) % BLOCK)) {
                    throw truncated(what, name);
                }
                switch (type) {
                    case 'x' -> longName = paxPath(body);
                    case 'L' -> longName = cString(body, 0, body.length);
                    case 'g' -> { } // global pax header: nothing dmask needs
                    default -> {
                        seen.add(name);
                        if (keep) {
                            found.put(name, body);
                            missing.remove(name);
                        }
                    }
                }
            }
        } catch (EOFException e) {
            throw new InstallException("tarball " + what + " is truncated (the gzip stream ends early); copy or"
                    + " download it again");
        } catch (ZipException e) {
            throw new InstallException("tarball " + what + " is not a valid gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InstallException("cannot read tarball " + what + ": " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new InstallException("tarball " + what + " has no entry " + String.join(", ", missing)
                    + " (the manifest's package entries do not match the package: " + seen.size() + " files, e.g. "
                    + String.join(", ", seen.stream().limit(4).toList()) + ")");
        }
        return found;
    }

    /** Whether the gzip stream of a file ends before its trailer: tells a cut-off download from a different file. */
    static boolean isTruncated(Path tgz) {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            while (in.read(buf) >= 0) {
                // drain
            }
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InstallException truncated(String what, String entry) {
        return new InstallException("tarball " + what + " is truncated: it ends inside " + entry
                + "; copy or download it again");
    }

    private static long size(byte[] h, String what) {
        if ((h[124] & 0x80) != 0) { // base-256, for entries of 8 GiB and more
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String octal = cString(h, 124, 12).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new InstallException("tarball " + what + " is not a tar archive (bad entry header)");
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax extended header ("LEN path=VALUE\n" records). */
    private static String paxPath(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int space = s.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int len = Integer.parseInt(s.substring(i, space));
            String record = s.substring(space + 1, i + len - 1);
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            i += len;
        }
        return null;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private static boolean skipFully(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                return false;
            }
            n -= r;
        }
        return true;
    }

}
