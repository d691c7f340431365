package org.dmask.cli;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.dmask.deid.DeidService;
import org.dmask.deid.ReidentificationMap;

/**
 * {@code dmask reid-lookup VALUE}: the admin operation on the re-identification map: prints the original(s) of a
 * pseudonym (or the pseudonym of an original). Needs the map's key: {@code dmask.deid.reid-map.key}
 * or its key file.
 */
@ApplicationScoped
public class ReidLookupCommand implements DmaskCommand {

    private final DeidService service;

    public ReidLookupCommand(DeidService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "reid-lookup";
    }

    @Override
    public String summary() {
        return "admin: look a pseudonym up in the encrypted re-identification map";
    }

    @Override
    public String usage() {
        return "dmask reid-lookup VALUE";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            throw CommandException.usage("need exactly one pseudonym or original (usage: dmask reid-lookup VALUE)");
        }
        ReidentificationMap map = service.reidMap(); // a configuration problem ends the command with exit code 78
        if (map == null) {
            err.println("dmask reid-lookup: the re-identification map is off (dmask.deid.reid-map.enabled=false)");
            return 2;
        }
        try {
            List<ReidentificationMap.Pair> pairs = map.lookup(args.get(0));
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
