package org.dmask.deid;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dmask.dicom.ElementDictionary;
import org.dmask.dicom.Tags;
import org.dmask.dicom.VR;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads profiles from YAML, keeping line numbers so that every error names the file, the line and the attribute:
 * <pre>
 * profiles:
 *   research:
 *     options: [retain-longitudinal-modified-dates, clean-descriptors]
 *     overrides:
 *       StudyDescription: keep            # keyword or "(gggg,eeee)"; keep | remove | hash | {replace: VALUE}
 *       InstitutionName: {replace: HOSPITAL}
 *     safe-private:
 *       - {creator: "SIEMENS CSA HEADER", element: "0x08"}
 * </pre>
 */
public final class ProfileLoader {

    private ProfileLoader() {
    }

    public static Map<String, Profile> load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Map<String, Profile> parse(String source, String yaml) {
        Node root;
        try (Reader r = new StringReader(yaml)) {
            root = new Yaml(new LoaderOptions()).compose(r);
        } catch (YAMLException e) {
            throw new ProfileException(source + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new ProfileException(source + ": " + e.getMessage());
        }
        if (root == null) {
            return Map.of();
        }
        MappingNode top = mapping(source, root, "the top level");
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (NodeTuple t : top.getValue()) {
            String key = scalar(source, t.getKeyNode(), "key");
            if (!key.equals("profiles")) {
                throw error(source, t.getKeyNode(), "unknown key '" + key + "' (expected 'profiles')");
            }
            for (NodeTuple p : mapping(source, t.getValueNode(), "profiles").getValue()) {
                String name = scalar(source, p.getKeyNode(), "profile name");
                if (profiles.containsKey(name)) {
                    throw error(source, p.getKeyNode(), "profile '" + name + "' defined twice");
                }
                profiles.put(name, profile(source, name, p.getValueNode()));
            }
        }
        return profiles;
    }

    private static Profile profile(String source, String name, Node node) {
        Set<Option> options = EnumSet.noneOf(Option.class);
        Map<Integer, Profile.Override> overrides = new HashMap<>();
        Set<Profile.SafePrivate> safe = new HashSet<>();
        for (NodeTuple t : mapping(source, node, "profile '" + name + "'").getValue()) {
            String key = scalar(source, t.getKeyNode(), "key");
            Node v = t.getValueNode();
            switch (key) {
                case "options" -> {
                    for (Node o : sequence(source, v, "options").getValue()) {
                        String s = scalar(source, o, "option");
                        Option opt = Option.ofConfigName(s);
                        if (opt == null) {
                            throw error(source, o, "profile '" + name + "': unknown option '" + s + "'");
                        }
                        options.add(opt);
                    }
                }
                case "overrides" -> {
                    for (NodeTuple o : mapping(source, v, "overrides").getValue()) {
                        String attr = scalar(source, o.getKeyNode(), "attribute");
                        int tag = tagOf(source, o.getKeyNode(), name, attr);
                        overrides.put(tag, override(source, name, attr, tag, o.getValueNode()));
                    }
                }
                case "safe-private" -> {
                    for (Node s : sequence(source, v, "safe-private").getValue()) {
                        safe.add(safePrivate(source, name, s));
                    }
                }
                default -> throw error(source, t.getKeyNode(), "profile '" + name + "': unknown key '" + key
                        + "' (expected options, overrides, safe-private)");
            }
        }
        try {
            return new Profile(name, options, overrides, safe);
        } catch (IllegalArgumentException e) {
            throw error(source, node, e.getMessage());
        }
    }

    private static int tagOf(String source, Node at, String profile, String attr) {
        int tag;
        if (attr.startsWith("(")) {
            try {
                tag = Tags.parse(attr);
            } catch (IllegalArgumentException e) {
                throw error(source, at, "profile '" + profile + "': '" + attr + "' is not a tag");
            }
        } else {
            tag = ElementDictionary.tagForKeyword(attr);
            if (tag == -1) {
                throw error(source, at, "profile '" + profile + "': unknown attribute '" + attr + "'");
            }
        }
        if (Tags.isPrivate(tag)) {
            throw error(source, at, "profile '" + profile + "': attribute " + attr
                    + " is private; list it under safe-private");
        }
        return tag;
    }

    private static Profile.Override override(String source, String profile, String attr, int tag, Node v) {
        if (v instanceof ScalarNode s) {
            return switch (s.getValue()) {
                case "keep" -> new Profile.Override(Profile.Override.Kind.KEEP, null);
                case "remove" -> new Profile.Override(Profile.Override.Kind.REMOVE, null);
                case "hash" -> {
                    VR vr = ElementDictionary.vrOf(tag);
                    if (!vr.isString()) {
                        throw error(source, v, "profile '" + profile + "': attribute " + attr + " (" + vr
                                + ") cannot be hashed; only string attributes can");
                    }
                    yield new Profile.Override(Profile.Override.Kind.HASH, null);
                }
                default -> throw error(source, v, "profile '" + profile + "': attribute " + attr + ": unknown action '"
                        + s.getValue() + "' (expected keep, remove, hash or {replace: VALUE})");
            };
        }
        MappingNode m = mapping(source, v, "override of " + attr);
        if (m.getValue().size() != 1 || !"replace".equals(scalar(source, m.getValue().get(0).getKeyNode(), "key"))) {
            throw error(source, v, "profile '" + profile + "': attribute " + attr + ": expected {replace: VALUE}");
        }
        String value = scalar(source, m.getValue().get(0).getValueNode(), "replacement");
        VR vr = ElementDictionary.vrOf(tag);
        if (!vr.isString() || vr == VR.UI) {
            throw error(source, v, "profile '" + profile + "': attribute " + attr + " (" + vr
                    + ") cannot be replaced by text");
        }
        return new Profile.Override(Profile.Override.Kind.REPLACE, value);
    }

    private static Profile.SafePrivate safePrivate(String source, String profile, Node n) {
        String creator = null;
        Integer element = null;
        for (NodeTuple t : mapping(source, n, "safe-private entry").getValue()) {
            String k = scalar(source, t.getKeyNode(), "key");
            String v = scalar(source, t.getValueNode(), k);
            if (k.equals("creator")) {
                creator = v.strip();
            } else if (k.equals("element")) {
                try {
                    element = Integer.decode(v.strip());
                } catch (NumberFormatException e) {
                    element = -1;
                }
                if (element < 0 || element > 0xFF) {
                    throw error(source, t.getValueNode(), "profile '" + profile + "': safe-private element '" + v
                            + "' must be 0x00-0xFF (the element's low byte)");
                }
            } else {
                throw error(source, t.getKeyNode(), "profile '" + profile + "': unknown key '" + k
                        + "' in safe-private (expected creator, element)");
            }
        }
        if (creator == null || creator.isEmpty() || element == null) {
            throw error(source, n, "profile '" + profile + "': safe-private entry needs creator and element");
        }
        return new Profile.SafePrivate(creator, element);
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

    private static ProfileException error(String source, Node at, String msg) {
        return new ProfileException(source + ":" + (at.getStartMark().getLine() + 1) + ": " + msg);
    }
}
