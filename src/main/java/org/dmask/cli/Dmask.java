package org.dmask.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code dmask} command: its sub-commands, in the order {@code dmask help} lists them. Adding a command means
 * writing a {@link DmaskCommand} and listing it here.
 */
@Command(name = "dmask", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = DmaskVersion.class,
        description = "DICOM gateway: receives DICOM, de-identifies it, masks faces in videos, forwards the results.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands ('dmask help COMMAND' or 'dmask COMMAND --help' for its options):%n",
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error, 78 configuration error."},
        subcommands = {
            ServeCommand.class,
            SendCommand.class,
            DeidCommand.class,
            DumpCommand.class,
            MaskCommand.class,
            AnalyzeCommand.class,
            EvaluateCommand.class,
            ModelsCommand.class,
            UsersCommand.class,
            ReidLookupCommand.class,
            DeadLetterCommand.class,
            CompletionCommand.class,
            HelpCommand.class})
public class Dmask implements Runnable {

    @Spec
    CommandSpec spec;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    Dmask streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** {@code dmask} alone: the usage on stderr and exit code 2. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }
}
