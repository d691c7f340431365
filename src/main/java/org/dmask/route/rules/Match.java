package org.dmask.route.rules;

import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.ObjectHeader;

import java.util.Map;

/**
 * What a rule matches: conditions on the association (calling and called AE title, source address) and on the
 * object (SOP class, modality, any attribute by keyword). All given conditions must hold; none given matches all.
 */
public record Match(Condition callingAET, Condition calledAET, Condition sourceAddress, Condition sopClass,
        Condition modality, Map<Integer, Condition> attributes) {

    public static final Match ALL = new Match(null, null, null, null, null, Map.of());

    public boolean test(Arrival a, ObjectHeader h) {
        return holds(callingAET, a.callingAET()) && holds(calledAET, a.calledAET())
                && holds(sourceAddress, a.remoteAddress()) && holds(sopClass, h.sopClassUID())
                && holds(modality, h.modality())
                && attributes.entrySet().stream().allMatch(e -> e.getValue().test(h.value(e.getKey())));
    }

    private static boolean holds(Condition c, String v) {
        return c == null || c.test(v);
    }
}
