package org.dmask.cli;

import java.io.PrintStream;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code dmask completion}: the bash completion script of every command and option, generated from the
 * same annotations as the help. {@code source <(dmask completion)} in a shell, or save it to
 * /etc/bash_completion.d/dmask.
 */
@Command(name = "completion", description = "print the bash completion script: source <(dmask completion)")
public class CompletionCommand extends DmaskCommand {

    @Override
    public boolean needsApplication() {
        return false;
    }

    @Override
    protected int run(PrintStream out, PrintStream err) {
        out.print(AutoComplete.bash("dmask", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
