package org.dmask.admin.ops;

import java.util.regex.Pattern;

/** Target URIs as the admin views show them: passwords in the query and user info of URLs replaced by {@code ***}. */
public final class Redact {

    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&][^=&\\s]*(password|secret|token)[^=&\\s]*=)[^&\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s]+@");

    private Redact() {
    }

    /** Whether a text holds a secret this class replaced (applying it would write {@code ***} as the secret). */
    public static boolean holdsRedacted(String text) {
        return SECRET_PARAM.matcher(text).results().anyMatch(m -> m.group().endsWith("=***"))
                || text.contains("://***@");
    }

    /** A URI, or a whole rule file, with its secrets replaced. */
    public static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        String s = SECRET_PARAM.matcher(uri).replaceAll("$1***");
        return USER_INFO.matcher(s).replaceAll("$1***@");
    }
}
