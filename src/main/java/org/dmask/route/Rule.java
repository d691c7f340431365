package org.dmask.route;

import java.util.List;
import org.dmask.mask.MaskMode;

/**
 * One rule of the administrator's rule file: when {@link Match} holds, de-identify with {@code profile} (null: send
 * as received), apply the mask to videos, and deliver to every target. Lower priority numbers are tried first.
 */
public record Rule(String name, int priority, Match match, String profile, MaskMode mask, List<String> targets,
        int line) {

    public Rule {
        targets = List.copyOf(targets);
    }
}
