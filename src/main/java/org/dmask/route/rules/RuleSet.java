package org.dmask.route.rules;

import org.dmask.route.delivery.TargetSpec;

import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.ObjectHeader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The running rules: targets by name, rules in priority order, and whether the first match wins or all do. */
public record RuleSet(String source, Mode mode, Map<String, TargetSpec> targets, List<Rule> rules) {

    public enum Mode {
        FIRST_MATCH, FAN_OUT
    }

    public RuleSet {
        targets = Map.copyOf(targets);
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
    }

    /** The rules that take this object: the first matching one, or every matching one in fan-out mode. */
    public List<Rule> select(Arrival a, ObjectHeader h) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.match().test(a, h)) {
                out.add(r);
                if (mode == Mode.FIRST_MATCH) {
                    break;
                }
            }
        }
        return out;
    }
}
