package org.dmask.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.dmask.deid.DeidService;
import org.dmask.deid.ReidentificationMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dmask reid-lookup VALUE}: the admin operation on the re-identification map: prints the original(s) of a
 * pseudonym (or the pseudonym of an original). Needs the map's key: {@code dmask.deid.reid-map.key}
 * or its key file.
 */
@Command(name = "reid-lookup", description = "admin: look a pseudonym up in the encrypted re-identification map")
@Dependent
@Unremovable
public class ReidLookupCommand extends DmaskCommand {

    @Parameters(paramLabel = "VALUE", description = "a pseudonym, or an original")
    String value;

    @Inject
    DeidService service;

    @Override
    protected int run(PrintStream out, PrintStream err) {
        ReidentificationMap map = service.reidMap(); // a configuration problem ends the command with exit code 78
        if (map == null) {
            err.println("dmask reid-lookup: the re-identification map is off (dmask.deid.reid-map.enabled=false)");
            return 2;
        }
        try {
            List<ReidentificationMap.Pair> pairs = map.lookup(value);
            for (ReidentificationMap.Pair p : pairs) {
                out.println(p.kind() + "\t" + p.original() + "\t" + p.pseudonym());
            }
            return pairs.isEmpty() ? 1 : 0;
        } catch (IOException e) {
            err.println("dmask reid-lookup: " + e.getMessage());
            return 1;
        }
    }
}
