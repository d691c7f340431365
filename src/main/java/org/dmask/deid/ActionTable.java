package org.dmask.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.dicom.Tags;

/**
 * PS3.15 Table E.1-1 as generated into annex-e.txt: per attribute the Basic Profile action and the action of each
 * option. Repeating-group rows (50xx curves, 60xx overlays) and the private-attribute row are matched by pattern.
 */
public final class ActionTable {

    /** One table row. {@code options} is indexed by {@link Option#column()}; null where the option is silent. */
    public record Row(String pattern, String keyword, Action basic, Action[] options) {

        /** The action this row calls for under a set of options: K over C over the Basic action. */
        public Action resolve(Set<Option> selected) {
            Action result = basic;
            for (Option o : selected) {
                if (!o.actsOnTags()) {
                    continue;
                }
                Action a = options[o.column()];
                if (a == Action.K || (a == Action.C && result != Action.K)) {
                    result = a;
                }
            }
            return result;
        }

        public Action option(Option o) {
            return o.actsOnTags() ? options[o.column()] : null;
        }
    }

    private static final ActionTable DEFAULT = load();

    private final Map<Integer, Row> exact;
    private final List<Row> patterns;
    private final Row privateRow;

    private ActionTable(Map<Integer, Row> exact, List<Row> patterns, Row privateRow) {
        this.exact = exact;
        this.patterns = patterns;
        this.privateRow = privateRow;
    }

    public static ActionTable standard() {
        return DEFAULT;
    }

    /** The row for a public tag, or null when the table does not list it. */
    public Row row(int tag) {
        Row r = exact.get(tag);
        if (r != null) {
            return r;
        }
        for (Row p : patterns) {
            if (matches(p.pattern(), tag)) {
                return p;
            }
        }
        return null;
    }

    /** The "(GGGG,EEEE) where GGGG is odd" row. */
    public Row privateRow() {
        return privateRow;
    }

    /** Every row, for tests generated from the table. */
    public Collection<Row> rows() {
        List<Row> all = new ArrayList<>(exact.values());
        all.addAll(patterns);
        all.add(privateRow);
        return Collections.unmodifiableList(all);
    }

    static boolean matches(String pattern, int tag) {
        for (int i = 0; i < 8; i++) {
            char c = pattern.charAt(i);
            if (c == 'x') {
                continue;
            }
            int nibble = (tag >>> (28 - 4 * i)) & 0xF;
            if (Character.digit(c, 16) != nibble) {
                return false;
            }
        }
        // Repeating groups 50xx and 60xx are the even groups 5000-501E and 6000-601E.
        return (Tags.group(tag) & 1) == 0 && (Tags.group(tag) & 0xFF) <= 0x1E;
    }

    private static ActionTable load() {
        try (InputStream in = ActionTable.class.getResourceAsStream("annex-e.txt")) {
            if (in == null) {
                throw new IllegalStateException("annex-e.txt missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, Row> exact = new HashMap<>();
            List<Row> patterns = new ArrayList<>();
            Row privateRow = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                Action[] options = new Action[f.length - 3];
                for (int i = 3; i < f.length; i++) {
                    options[i - 3] = Action.ofCode(f[i]);
                }
                Row row = new Row(f[0], f[1], Action.ofCode(f[2]), options);
                if (f[0].equals("PRIVATE")) {
                    privateRow = row;
                } else if (f[0].indexOf('x') >= 0) {
                    patterns.add(row);
                } else {
                    exact.put(Integer.parseUnsignedInt(f[0], 16), row);
                }
            }
            if (privateRow == null) {
                throw new IllegalStateException("annex-e.txt has no row for private attributes");
            }
            return new ActionTable(Map.copyOf(exact), List.copyOf(patterns), privateRow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
