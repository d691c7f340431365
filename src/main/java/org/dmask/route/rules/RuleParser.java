package org.dmask.route.rules;

import org.dmask.route.delivery.TargetSpec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dmask.dicom.ElementDictionary;
import org.dmask.mask.MaskMode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates the rule file. Every error names the file, the line, the rule and the field:
 * <pre>
 * mode: first-match                 # or fan-out
 * targets:
 *   archive: archive:data/archive
 *   research: dicom:RESEARCH@pacs.example.org:11112?tls=true
 * rules:
 *   - name: videos-and-images
 *     priority: 10                  # lower first
 *     match:                        # all must hold; absent: everything
 *       calling-ae: MODALITY1       # a value means equals; or {regex: ...} / {in: [...]} / {equals: ...}
 *       called-ae: DMASK
 *       source-address: {regex: "10\\..*"}
 *       sop-class: {in: [1.2.840.10008.5.1.4.1.1.77.1.4.1]}
 *       modality: XC
 *       attributes:
 *         StudyDescription: {regex: ".*EYE.*"}
 *     deid: basic                   # a profile name, or none
 *     mask: full                    # off | full | face (applies to videos)
 *     clean-pixel-data: true        # remove burned-in text; absent: as the profile's clean-pixel-data option says
 *     allow-uncleaned-pixels: false # true: send pixels that cannot be cleaned as they are (default: dead letter)
 *     targets: [archive, research]
 * </pre>
 */
public final class RuleParser {

    private static final Set<String> SCHEMES = Set.of("dicom", "archive", "stow");

    private final Set<String> profiles;

    /** @param profiles the de-identification profiles a rule may name */
    public RuleParser(Set<String> profiles) {
        this.profiles = Set.copyOf(profiles);
    }

    public RuleSet parse(String source, String yaml) {
        Node root;
        try (Reader r = new StringReader(yaml)) {
            root = new Yaml(new LoaderOptions()).compose(r);
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RuleException(source + (line > 0 ? ":" + line : "") + ": not valid YAML: "
                    + e.getMessage().replace('\n', ' '), line);
        } catch (YAMLException e) {
            throw new RuleException(source + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new RuleException(source + ": " + e.getMessage());
        }
        if (root == null) {
            throw new RuleException(source + ": empty rule file (it needs 'targets' and 'rules')");
        }
        Ctx top = new Ctx(source, null);
        RuleSet.Mode mode = RuleSet.Mode.FIRST_MATCH;
        Map<String, TargetSpec> targets = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        Node rulesNode = null;
        for (NodeTuple t : top.mapping(root, "the top level").getValue()) {
            String key = top.scalar(t.getKeyNode(), "key");
            Node v = t.getValueNode();
            switch (key) {
                case "mode" -> {
                    String m = top.scalar(v, "mode");
                    mode = switch (m) {
                        case "first-match" -> RuleSet.Mode.FIRST_MATCH;
                        case "fan-out" -> RuleSet.Mode.FAN_OUT;
                        default -> throw top.error(v, "mode", "'" + m + "' (expected first-match or fan-out)");
                    };
                }
                case "targets" -> {
                    for (NodeTuple tt : top.mapping(v, "targets").getValue()) {
                        String name = top.scalar(tt.getKeyNode(), "targets");
                        Ctx tc = new Ctx(source, null);
                        String uri = tc.scalar(tt.getValueNode(), "targets." + name);
                        int colon = uri.indexOf(':');
                        if (colon < 1 || !SCHEMES.contains(uri.substring(0, colon))) {
                            throw tc.error(tt.getValueNode(), "targets." + name, "'" + uri
                                    + "' is not a target URI (dicom:AE@host:port, archive:DIR or stow:URL)");
                        }
                        if (targets.put(name, new TargetSpec(name, uri)) != null) {
                            throw tc.error(tt.getKeyNode(), "targets", "target '" + name + "' defined twice");
                        }
                    }
                }
                case "rules" -> rulesNode = v;
                default -> throw top.error(t.getKeyNode(), key, "unknown key (expected mode, targets, rules)");
            }
        }
        if (rulesNode == null) {
            throw new RuleException(source + ": no 'rules'");
        }
        if (!(rulesNode instanceof SequenceNode seq)) {
            throw top.error(rulesNode, "rules", "must be a list of rules");
        }
        Set<String> names = new HashSet<>();
        for (Node rn : seq.getValue()) {
            Rule r = rule(source, rn, targets);
            if (!names.add(r.name())) {
                throw new Ctx(source, r.name()).error(rn, "name", "rule '" + r.name() + "' defined twice");
            }
            rules.add(r);
        }
        if (rules.isEmpty()) {
            throw top.error(rulesNode, "rules", "no rules");
        }
        return new RuleSet(source, mode, targets, rules);
    }

    private Rule rule(String source, Node node, Map<String, TargetSpec> targets) {
        Ctx c = new Ctx(source, null);
        MappingNode m = c.mapping(node, "rules[]");
        String name = null;
        for (NodeTuple t : m.getValue()) {
            if ("name".equals(c.scalar(t.getKeyNode(), "key"))) {
                name = c.scalar(t.getValueNode(), "name");
            }
        }
        if (name == null || name.isBlank()) {
            throw c.error(node, "name", "a rule needs a name");
        }
        c = new Ctx(source, name);
        int priority = 100;
        Match match = Match.ALL;
        String profile = null;
        boolean deidGiven = false;
        MaskMode mask = MaskMode.OFF;
        Boolean cleanPixels = null;
        boolean allowUncleaned = false;
        List<String> ruleTargets = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            String key = c.scalar(t.getKeyNode(), "key");
            Node v = t.getValueNode();
            switch (key) {
                case "name" -> {
                }
                case "priority" -> {
                    String p = c.scalar(v, "priority");
                    try {
                        priority = Integer.parseInt(p);
                    } catch (NumberFormatException e) {
                        throw c.error(v, "priority", "'" + p + "' is not an integer");
                    }
                }
                case "match" -> match = match(c, v);
                case "deid" -> {
                    deidGiven = true;
                    String p = c.scalar(v, "deid");
                    if (!p.equals("none")) {
                        if (!profiles.contains(p)) {
                            throw c.error(v, "deid", "unknown profile '" + p + "' (known: "
                                    + String.join(", ", new java.util.TreeSet<>(profiles)) + ", or none)");
                        }
                        profile = p;
                    }
                }
                case "mask" -> {
                    String s = c.scalar(v, "mask");
                    mask = MaskMode.parse(s);
                    if (mask == null) {
                        throw c.error(v, "mask", "'" + s + "' (expected off, full or face)");
                    }
                }
                case "clean-pixel-data" -> cleanPixels = bool(c, v, "clean-pixel-data");
                case "allow-uncleaned-pixels" -> allowUncleaned = bool(c, v, "allow-uncleaned-pixels");
                case "targets" -> {
                    for (Node tn : c.list(v, "targets")) {
                        String tname = c.scalar(tn, "targets");
                        if (!targets.containsKey(tname)) {
                            throw c.error(tn, "targets", "unknown target '" + tname + "' (defined: "
                                    + String.join(", ", targets.keySet()) + ")");
                        }
                        ruleTargets.add(tname);
                    }
                }
                default -> throw c.error(t.getKeyNode(), key,
                        "unknown field (expected name, priority, match, deid, mask, clean-pixel-data,"
                        + " allow-uncleaned-pixels, targets)");
            }
        }
        if (!deidGiven) {
            throw c.error(node, "deid", "missing: name a profile, or 'none' to forward without de-identification");
        }
        if (ruleTargets.isEmpty()) {
            throw c.error(node, "targets", "a rule needs at least one target");
        }
        return new Rule(name, priority, match, profile, mask, cleanPixels, allowUncleaned, ruleTargets,
                node.getStartMark().getLine() + 1);
    }

    private static boolean bool(Ctx c, Node v, String field) {
        String s = c.scalar(v, field);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw c.error(v, field, "'" + s + "' (expected true or false)");
        };
    }

    private Match match(Ctx c, Node node) {
        Condition calling = null;
        Condition called = null;
        Condition address = null;
        Condition sop = null;
        Condition modality = null;
        Map<Integer, Condition> attrs = new LinkedHashMap<>();
        for (NodeTuple t : c.mapping(node, "match").getValue()) {
            String key = c.scalar(t.getKeyNode(), "match");
            Node v = t.getValueNode();
            switch (key) {
                case "calling-ae" -> calling = condition(c, v, "match.calling-ae");
                case "called-ae" -> called = condition(c, v, "match.called-ae");
                case "source-address" -> address = condition(c, v, "match.source-address");
                case "sop-class" -> sop = condition(c, v, "match.sop-class");
                case "modality" -> modality = condition(c, v, "match.modality");
                case "attributes" -> {
                    for (NodeTuple a : c.mapping(v, "match.attributes").getValue()) {
                        String kw = c.scalar(a.getKeyNode(), "match.attributes");
                        int tag = ElementDictionary.tagForKeyword(kw);
                        if (tag == -1) {
                            throw c.error(a.getKeyNode(), "match.attributes", "unknown attribute keyword '" + kw + "'");
                        }
                        attrs.put(tag, condition(c, a.getValueNode(), "match.attributes." + kw));
                    }
                }
                default -> throw c.error(t.getKeyNode(), "match." + key, "unknown condition (expected calling-ae, "
                        + "called-ae, source-address, sop-class, modality, attributes)");
            }
        }
        return new Match(calling, called, address, sop, modality, attrs);
    }

    private static Condition condition(Ctx c, Node v, String field) {
        if (v instanceof ScalarNode) {
            return new Condition.Equals(c.scalar(v, field));
        }
        MappingNode m = c.mapping(v, field);
        if (m.getValue().size() != 1) {
            throw c.error(v, field, "give exactly one of equals, regex, in");
        }
        NodeTuple t = m.getValue().get(0);
        String op = c.scalar(t.getKeyNode(), field);
        return switch (op) {
            case "equals" -> new Condition.Equals(c.scalar(t.getValueNode(), field + ".equals"));
            case "regex" -> {
                String re = c.scalar(t.getValueNode(), field + ".regex");
                try {
                    yield new Condition.Regex(Pattern.compile(re));
                } catch (PatternSyntaxException e) {
                    throw c.error(t.getValueNode(), field + ".regex", "bad regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
            case "in" -> new Condition.In(c.list(t.getValueNode(), field + ".in").stream()
                    .map(n -> c.scalar(n, field + ".in")).toList());
            default -> throw c.error(t.getKeyNode(), field, "unknown operator '" + op + "' (expected equals, regex, in)");
        };
    }

    /** Where an error is: the source and the rule being read. */
    private record Ctx(String source, String rule) {

        RuleException error(Node n, String field, String message) {
            int line = n.getStartMark().getLine() + 1;
            return new RuleException(source + ":" + line + (rule != null ? ": rule '" + rule + "'" : "")
                    + ": field '" + field + "': " + message, line);
        }

        String scalar(Node n, String field) {
            if (!(n instanceof ScalarNode s)) {
                throw error(n, field, "expected a single value");
            }
            return s.getValue();
        }

        MappingNode mapping(Node n, String field) {
            if (!(n instanceof MappingNode m)) {
                throw error(n, field, "expected a mapping (key: value)");
            }
            return m;
        }

        List<Node> list(Node n, String field) {
            if (n instanceof SequenceNode s) {
                return s.getValue();
            }
            if (n instanceof ScalarNode) {
                return List.of(n);
            }
            throw error(n, field, "expected a list");
        }
    }
}
