package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.inhibit.InhibitRule;
import com.penguinmails.alerthub.mute.KnownValues;
import com.penguinmails.alerthub.mute.Label;
import com.penguinmails.alerthub.mute.Matcher;
import com.penguinmails.alerthub.silence.MaintenanceWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code routes/muting.yaml} like the contact matrix: every problem as {@code file:line: reason}, nothing
 * half-loaded. Matchers must name known labels and, unless they are regexes, known values. No file mutes nothing.
 */
public final class MutingLoader {

    private static final List<String> SECTIONS = List.of("maintenance", "inhibit");
    private static final Set<String> WINDOW_FIELDS = Set.of("tier", "start", "duration", "comment");
    private static final Set<String> RULE_FIELDS = Set.of("source", "target", "equal", "comment");

    private final KnownValues known;
    private final ZoneId zone;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private YamlFile yaml;
    private MatrixFields fields;

    /** @param zone the time zone of the windows' crons ({@code hub.timezone}) */
    public MutingLoader(KnownValues known, ZoneId zone) {
        this.known = known;
        this.zone = zone;
    }

    public MutingConfig load(Path file) {
        if (!Files.exists(file)) return MutingConfig.NONE;
        yaml = YamlFile.read(file);
        Node root = yaml.root().orElse(null);
        if (root == null) return MutingConfig.NONE;
        fields = new MatrixFields(yaml, problems);
        for (NodeTuple t : YamlFile.entries(root)) {
            if (!SECTIONS.contains(YamlFile.key(t))) {
                problems.add(yaml.problem(t.getKeyNode(), "unknown section '" + YamlFile.key(t) + "' (expected " + String.join(", ", SECTIONS) + ")"));
            }
        }
        List<MaintenanceWindow> windows = list(root, "maintenance", "maintenance window", this::window);
        List<InhibitRule> rules = list(root, "inhibit", "inhibit rule", this::rule);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new MutingConfig(windows, rules);
    }

    /** The items of a section that must be a list (or absent), each read by {@code item} with its name and number. */
    private <T> List<T> list(Node root, String section, String itemName, ItemReader<T> item) {
        Optional<Node> node = YamlFile.get(root, section);
        if (node.isEmpty() || node.get() instanceof ScalarNode s && s.getValue().isBlank()) return List.of();
        if (!(node.get() instanceof SequenceNode)) {
            fields.problem(node.get(), section + ": expected a list, each item starting with '- '");
            return List.of();
        }
        List<T> out = new ArrayList<>();
        List<Node> items = YamlFile.items(node.get());
        for (int i = 0; i < items.size(); i++) out.add(item.read(items.get(i), itemName + " " + (i + 1)));
        return out.stream().filter(Objects::nonNull).toList();
    }

    private interface ItemReader<T> {
        T read(Node node, String where);
    }

    private MaintenanceWindow window(Node node, String where) {
        fields.unknownFields(node, WINDOW_FIELDS, where);
        String tier = fields.required(node, "tier", where, t -> known.check(Label.TIER, t.trim()));
        CronExpression start = fields.required(node, "start", where, t -> MaintenanceWindow.cron(t.trim(), zone));
        Duration duration = fields.required(node, "duration", where, t -> positive(Durations.parse(t)));
        String comment = fields.required(node, "comment", where, MutingLoader::nonBlank);
        return tier == null || start == null || duration == null || comment == null ? null : new MaintenanceWindow(tier, start, duration, comment);
    }

    private InhibitRule rule(Node node, String where) {
        fields.unknownFields(node, RULE_FIELDS, where);
        List<Matcher> source = matchers(node, "source", where);
        List<Matcher> target = matchers(node, "target", where);
        List<Label> equal = YamlFile.get(node, "equal").map(n -> items(n, where + ": equal", Label::parse)).orElse(List.of());
        return new InhibitRule(source, target, equal);
    }

    /** A required, non-empty list of matchers; each problem at its item's line. */
    private List<Matcher> matchers(Node rule, String field, String where) {
        Optional<Node> node = YamlFile.get(rule, field);
        if (node.isEmpty() || itemsOrOne(node.get()).isEmpty()) {
            fields.problem(node.orElse(rule), where + ": " + field + " needs at least one matcher, e.g. [check=tier-reachable]");
            return List.of();
        }
        return items(node.get(), where + ": " + field, t -> Matcher.parse(t).known(known));
    }

    private <T> List<T> items(Node list, String where, Function<String, T> parser) {
        return itemsOrOne(list).stream().map(item -> fields.parse(item, where, parser)).filter(Objects::nonNull).toList();
    }

    /** A list's items; a single value written without brackets is a list of one. */
    private static List<Node> itemsOrOne(Node node) {
        if (node instanceof SequenceNode) return YamlFile.items(node);
        return node instanceof ScalarNode s && !s.getValue().isBlank() ? List.of(node) : List.of();
    }

    private static Duration positive(Duration d) {
        if (d.isZero()) throw new IllegalArgumentException("must be longer than 0");
        return d;
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("say what the maintenance is");
        return text.strip();
    }
}
