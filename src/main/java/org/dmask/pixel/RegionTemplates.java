package org.dmask.pixel;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rectangles to blank per device, where a site knows its devices burn text in (CTP's region scripts, Karnak's masks).
 * A template applies to an object whose Manufacturer, Manufacturer's Model Name, SOP Class, Rows and Columns (and,
 * when the template names one, Station Name) equal its own. Every error names the file and the line:
 * <pre>
 * templates:
 *   - name: acme-us-3000
 *     manufacturer: ACME
 *     model: US 3000
 *     sop-class: 1.2.840.10008.5.1.4.1.1.6.1
 *     rows: 480
 *     columns: 640
 *     station: US-ROOM-2              # optional
 *     regions:                        # x, y: top-left corner; inside rows x columns
 *       - {x: 0, y: 0, width: 640, height: 40}
 * </pre>
 */
public final class RegionTemplates {

    /** One device's template. */
    public record Template(String name, String manufacturer, String model, String sopClass, int rows, int columns,
            String station, List<Region> regions) {

        public Template {
            regions = List.copyOf(regions);
        }

        boolean matches(Attributes ds) {
            return manufacturer.equals(text(ds, Tag.Manufacturer)) && model.equals(text(ds, Tag.ManufacturerModelName))
                    && sopClass.equals(text(ds, Tag.SOPClassUID)) && rows == ds.getInt(Tag.Rows, -1)
                    && columns == ds.getInt(Tag.Columns, -1)
                    && (station == null || station.equals(text(ds, Tag.StationName)));
        }
    }

    public static final RegionTemplates NONE = new RegionTemplates("none", List.of());

    private final String source;
    private final List<Template> templates;

    private RegionTemplates(String source, List<Template> templates) {
        this.source = source;
        this.templates = List.copyOf(templates);
    }

    public String source() {
        return source;
    }

    public List<Template> templates() {
        return templates;
    }

    /** The templates that apply to an object (usually none or one). */
    public List<Template> matching(Attributes ds) {
        return templates.stream().filter(t -> t.matches(ds)).toList();
    }

    private static String text(Attributes ds, int tag) {
        String s = ds.getString(tag);
        return s == null ? null : s.strip();
    }

    public static RegionTemplates load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TemplateException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static RegionTemplates parse(String source, String yaml) {
        Node root;
        try (Reader r = new StringReader(yaml)) {
            root = new Yaml(new LoaderOptions()).compose(r);
        } catch (YAMLException e) {
            throw new TemplateException(source + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new TemplateException(source + ": " + e.getMessage());
        }
        List<Template> templates = new ArrayList<>();
        if (root == null) {
            return new RegionTemplates(source, templates);
        }
        Set<String> names = new HashSet<>();
        for (NodeTuple t : mapping(source, root, "the top level").getValue()) {
            String key = scalar(source, t.getKeyNode(), "key");
            if (!key.equals("templates")) {
                throw error(source, t.getKeyNode(), "unknown key '" + key + "' (expected 'templates')");
            }
            for (Node n : sequence(source, t.getValueNode(), "templates").getValue()) {
                Template tpl = template(source, n);
                if (!names.add(tpl.name())) {
                    throw error(source, n, "template '" + tpl.name() + "' defined twice");
                }
                templates.add(tpl);
            }
        }
        return new RegionTemplates(source, templates);
    }

    private static Template template(String source, Node node) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : mapping(source, node, "a template").getValue()) {
            fields.put(scalar(source, t.getKeyNode(), "key"), t.getValueNode());
        }
        String name = required(source, node, fields, "name", "a template");
        String what = "template '" + name + "'";
        for (String k : fields.keySet()) {
            if (!Set.of("name", "manufacturer", "model", "sop-class", "rows", "columns", "station", "regions")
                    .contains(k)) {
                throw error(source, node, what + ": unknown key '" + k + "' (expected name, manufacturer, model,"
                        + " sop-class, rows, columns, station, regions)");
            }
        }
        int rows = positive(source, fields.get("rows"), required(source, node, fields, "rows", what), what + " rows");
        int columns = positive(source, fields.get("columns"), required(source, node, fields, "columns", what),
                what + " columns");
        Node regionsNode = fields.get("regions");
        if (regionsNode == null) {
            throw error(source, node, what + ": needs 'regions'");
        }
        List<Region> regions = new ArrayList<>();
        for (Node rn : sequence(source, regionsNode, what + " regions").getValue()) {
            Map<String, String> v = new LinkedHashMap<>();
            for (NodeTuple t : mapping(source, rn, what + " region").getValue()) {
                v.put(scalar(source, t.getKeyNode(), "key"), scalar(source, t.getValueNode(), "value"));
            }
            if (!v.keySet().equals(Set.of("x", "y", "width", "height"))) {
                throw error(source, rn, what + ": a region is {x, y, width, height}, not " + v.keySet());
            }
            int x = number(source, rn, v.get("x"), what + " region x");
            int y = number(source, rn, v.get("y"), what + " region y");
            int w = number(source, rn, v.get("width"), what + " region width");
            int h = number(source, rn, v.get("height"), what + " region height");
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > columns || y + h > rows) {
                throw error(source, rn, what + ": region " + w + "x" + h + " at (" + x + ", " + y + ") is not"
                        + " inside the " + columns + "x" + rows + " image");
            }
            regions.add(new Region(x, y, w, h));
        }
        if (regions.isEmpty()) {
            throw error(source, regionsNode, what + ": no regions");
        }
        String station = fields.containsKey("station") ? scalar(source, fields.get("station"), "station").strip() : null;
        return new Template(name, required(source, node, fields, "manufacturer", what).strip(),
                required(source, node, fields, "model", what).strip(),
                required(source, node, fields, "sop-class", what).strip(), rows, columns, station, regions);
    }

    private static String required(String source, Node at, Map<String, Node> fields, String key, String what) {
        Node n = fields.get(key);
        if (n == null) {
            throw error(source, at, what + ": needs '" + key + "'");
        }
        String s = scalar(source, n, key);
        if (s.isBlank()) {
            throw error(source, n, what + ": '" + key + "' is empty");
        }
        return s;
    }

    private static int positive(String source, Node at, String s, String what) {
        int v = number(source, at, s, what);
        if (v <= 0) {
            throw error(source, at, what + " must be positive, not " + s);
        }
        return v;
    }

    private static int number(String source, Node at, String s, String what) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw error(source, at, what + ": '" + s + "' is not an integer");
        }
    }

    private static MappingNode mapping(String source, Node n, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw error(source, n, what + " must be a mapping");
    }

    private static SequenceNode sequence(String source, Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        throw error(source, n, what + " must be a list");
    }

    private static String scalar(String source, Node n, String what) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(source, n, what + " must be a single value");
    }

    private static TemplateException error(String source, Node at, String msg) {
        return new TemplateException(source + ":" + (at.getStartMark().getLine() + 1) + ": " + msg);
    }

    /** A template file that does not load; the message names the file and the line. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message);
        }
    }
}
