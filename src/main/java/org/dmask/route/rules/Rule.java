package org.dmask.route.rules;

import java.util.List;
import org.dmask.mask.MaskMode;

/**
 * One rule of the administrator's rule file: when {@link Match} holds, de-identify with {@code profile} (null: send
 * as received), apply the mask to videos, and deliver to every target. Lower priority numbers are tried first.
 *
 * @param cleanPixelData       remove burned-in text from the pixels (Clean Pixel Data): true or false, null for
 *                             what the profile says (its {@code clean-pixel-data} option)
 * @param allowUncleanedPixels when the pixels cannot be cleaned, send them as they are (Burned In Annotation and the
 *                             method left unchanged) instead of dead-lettering the object
 */
public record Rule(String name, int priority, Match match, String profile, MaskMode mask, Boolean cleanPixelData,
        boolean allowUncleanedPixels, List<String> targets, int line) {

    public Rule {
        targets = List.copyOf(targets);
    }
}
