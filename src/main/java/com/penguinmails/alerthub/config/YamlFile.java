package com.penguinmails.alerthub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

/**
 * A YAML file read as a node tree, so that every value keeps its line number for {@code file:line: reason}.
 * A syntax error becomes a {@link ConfigException} pointing at the line.
 */
public final class YamlFile {

    private final String file;
    private final Optional<Node> root;

    private YamlFile(String file, Optional<Node> root) {
        this.file = file;
        this.root = root;
    }

    public static YamlFile read(Path path) {
        String name = path.toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException(List.of(ConfigProblem.of(name, "cannot read: " + e.getMessage())));
        }
        return parse(name, text);
    }

    public static YamlFile parse(String name, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(name).build();
        try {
            return new YamlFile(name, new Compose(settings).composeString(text));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String reason = "YAML syntax error: " + e.getProblem() + (e.getContext() == null ? "" : " " + e.getContext());
            throw new ConfigException(List.of(new ConfigProblem(name, line, reason)));
        } catch (YamlEngineException e) {
            throw new ConfigException(List.of(ConfigProblem.of(name, "YAML error: " + e.getMessage())));
        }
    }

    public String file() {
        return file;
    }

    public Optional<Node> root() {
        return root;
    }

    public ConfigProblem problem(Node at, String reason) {
        return new ConfigProblem(file, line(at), reason);
    }

    public static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public static Optional<Node> get(Node mapping, String key) {
        if (!(mapping instanceof MappingNode m)) return Optional.empty();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return Optional.of(t.getValueNode());
        }
        return Optional.empty();
    }

    public static List<NodeTuple> entries(Node mapping) {
        return mapping instanceof MappingNode m ? m.getValue() : List.of();
    }

    public static List<Node> items(Node sequence) {
        return sequence instanceof SequenceNode s ? s.getValue() : List.of();
    }

    /** The text of a scalar; for a sequence of scalars, the items joined with commas. */
    public static Optional<String> text(Node node) {
        if (node instanceof ScalarNode s) return Optional.of(s.getValue());
        if (node instanceof SequenceNode s) {
            return Optional.of(String.join(",", s.getValue().stream().map(n -> text(n).orElse("")).toList()));
        }
        return Optional.empty();
    }

    public static String key(NodeTuple t) {
        return text(t.getKeyNode()).orElse("");
    }
}
