package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.threshold.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads fields of the contact matrix, turning every mistake into a {@code file:line: reason} problem. */
final class MatrixFields {

    /** Fields an older matrix used, with what replaced them, so an upgrade says what to do. */
    private static final Map<String, String> RETIRED = Map.of("after", "step delays now come from the severities section");

    private final YamlFile yaml;
    private final List<ConfigProblem> problems;

    MatrixFields(YamlFile yaml, List<ConfigProblem> problems) {
        this.yaml = yaml;
        this.problems = problems;
    }

    void problem(Node at, String reason) {
        problems.add(yaml.problem(at, reason));
    }

    /** A field a mapping cannot do without, parsed; null (and a problem) when it is missing or wrong. */
    <T> T required(Node mapping, String field, String where, Function<String, T> parser) {
        if (YamlFile.get(mapping, field).isEmpty()) problem(mapping, where + ": missing '" + field + "'");
        return optional(mapping, field, where, parser).orElse(null);
    }

    /** A field, parsed; empty when it is absent, or wrong (then with a problem at its line). */
    <T> Optional<T> optional(Node mapping, String field, String where, Function<String, T> parser) {
        return YamlFile.get(mapping, field).map(n -> parse(n, where + ": " + field, parser));
    }

    /** The text of a node through a parser; a parse error becomes a problem at the node's line and null. */
    <T> T parse(Node node, String where, Function<String, T> parser) {
        try {
            return parser.apply(YamlFile.text(node).orElse(""));
        } catch (IllegalArgumentException e) {
            problem(node, where + ": " + e.getMessage());
            return null;
        }
    }

    List<Channel> channels(Node list, String where) {
        List<Channel> channels = new ArrayList<>();
        for (Node item : YamlFile.items(list)) {
            Optional.ofNullable(parse(item, where, Channel::parse)).ifPresent(channels::add);
        }
        return List.copyOf(channels);
    }

    /** A per-severity section must say something for each severity. */
    void everySeverity(Node section, String name, Map<Severity, ?> found) {
        for (Severity s : Severity.values()) {
            if (section != null && !found.containsKey(s)) problem(section, name + ": no entry for severity '" + s.label() + "'");
        }
    }

    void unknownFields(Node node, Set<String> known, String where) {
        for (NodeTuple t : YamlFile.entries(node)) {
            String key = YamlFile.key(t);
            if (known.contains(key)) continue;
            problem(t.getKeyNode(), RETIRED.containsKey(key) ? where + ": '" + key + "' is no longer read: " + RETIRED.get(key)
                    : where + ": unknown field '" + key + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }
}
