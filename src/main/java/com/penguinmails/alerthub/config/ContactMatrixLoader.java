package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.escalation.BusinessHours;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.escalation.RateLimit;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.escalation.SeverityTiming;
import com.penguinmails.alerthub.threshold.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads {@code routes/contact-matrix.yaml}. Every problem is reported as {@code file:line: reason}; nothing is
 * half-loaded. Values may hold {@code {{...}}} placeholders (e.g. {@code {{env:PD_KEY}}}) so secrets stay out of
 * the file.
 */
public final class ContactMatrixLoader {

    private static final String UNSET = "unset";
    private static final Set<String> ROLE_FIELDS = Set.of("name", "email", "pager", "webhook", "rate-limit");
    private static final Set<String> INCIDENT_FIELDS = Set.of("title", "respond-within", "runbook", "first-response", "escalation", "fallback");
    private static final Set<String> STEP_FIELDS = Set.of("roles");
    private static final List<String> SECTIONS = List.of("roles", "channels", "severities", "business-hours", "chain", "incidents", "rate-limit", "fallback");

    private final UnaryOperator<String> placeholders;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, Integer> firstStepLines = new LinkedHashMap<>();
    private YamlFile yaml;
    private MatrixFields fields;

    public ContactMatrixLoader(UnaryOperator<String> placeholders) {
        this.placeholders = placeholders;
    }

    public ContactMatrix load(Path file) {
        yaml = YamlFile.read(file);
        Node root = yaml.root().orElse(null);
        if (root == null) throw new ConfigException(List.of(ConfigProblem.of(yaml.file(), "the contact matrix is empty")));
        fields = new MatrixFields(yaml, problems);
        EscalationTimingReader timing = new EscalationTimingReader(fields);
        Node roleSection = section(root, "roles");
        Map<String, Role> roles = roles(roleSection);
        Map<Severity, List<Channel>> channels = channels(section(root, "channels"));
        Map<Severity, SeverityTiming> severities = timing.severities(section(root, "severities"));
        BusinessHours calendar = timing.businessHours(section(root, "business-hours"));
        List<String> chain = chain(section(root, "chain"), roles);
        Map<String, IncidentType> incidents = incidents(section(root, "incidents"), roles);
        Map<String, RateLimit> rateLimits = rateLimits(root, roleSection);
        Map<Channel, List<Channel>> fallback = YamlFile.get(root, "fallback").map(this::fallback).orElse(ContactMatrix.DEFAULT_FALLBACK);
        for (NodeTuple t : YamlFile.entries(root)) {
            if (!SECTIONS.contains(YamlFile.key(t))) {
                problems.add(yaml.problem(t.getKeyNode(), "unknown section '" + YamlFile.key(t) + "' (expected " + String.join(", ", SECTIONS) + ")"));
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new ContactMatrix(roles, incidents, channels, severities, chain, calendar, rateLimits, fallback);
    }

    /** Each role's rate limit: its own, else the matrix's (optional section); roles without one are not limited. */
    private Map<String, RateLimit> rateLimits(Node root, Node roles) {
        RateLimitReader reader = new RateLimitReader(fields);
        Optional<RateLimit> all = YamlFile.get(root, "rate-limit").flatMap(n -> reader.read(n, ""));
        Map<String, RateLimit> limits = new LinkedHashMap<>();
        for (NodeTuple t : YamlFile.entries(roles)) {
            Optional<RateLimit> own = YamlFile.get(t.getValueNode(), "rate-limit").flatMap(n -> reader.read(n, "role '" + YamlFile.key(t) + "': "));
            own.or(() -> all).ifPresent(limit -> limits.put(YamlFile.key(t), limit));
        }
        return limits;
    }

    /**
     * {@code fallback: {pager: [email, webhook], ...}}: where a failing channel's notification goes instead, to the same
     * role: email or webhook, never the failing channel itself (PostHog reaches nobody; a page as a fallback would be a
     * louder message than the one that failed).
     */
    private Map<Channel, List<Channel>> fallback(Node section) {
        Map<Channel, List<Channel>> fallback = new EnumMap<>(Channel.class);
        for (NodeTuple t : YamlFile.entries(section)) {
            try {
                Channel failing = Channel.parse(YamlFile.key(t));
                List<Channel> ways = fields.channels(t.getValueNode(), "fallback." + failing.label());
                if (failing == Channel.POSTHOG) {
                    problems.add(yaml.problem(t.getKeyNode(), "fallback: posthog reaches nobody, so it has no fallback"));
                } else if (ways.contains(failing) || ways.stream().anyMatch(w -> w != Channel.EMAIL && w != Channel.WEBHOOK)) {
                    problems.add(yaml.problem(t.getValueNode(), "fallback." + failing.label() + ": " + failing.label()
                            + " falls back to email or webhook (not to itself), e.g. [email, webhook]"));
                }
                fallback.put(failing, ways);
            } catch (IllegalArgumentException e) {
                problems.add(yaml.problem(t.getKeyNode(), "fallback: " + e.getMessage()));
            }
        }
        return fallback;
    }

    /** The line of an incident's first escalation step (0 if it has none): where "reaches nobody" is fixed. */
    public int firstStepLine(String incident) {
        return firstStepLines.getOrDefault(incident, 0);
    }

    private Node section(Node root, String name) {
        return YamlFile.get(root, name).orElseGet(() -> {
            problems.add(yaml.problem(root, "missing section '" + name + "'"));
            return null;
        });
    }

    private Map<String, Role> roles(Node section) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (NodeTuple t : YamlFile.entries(section)) {
            String id = YamlFile.key(t);
            Node role = t.getValueNode();
            fields.unknownFields(role, ROLE_FIELDS, "role '" + id + "'");
            Optional<String> email = address(role, "email");
            email.filter(e -> !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")).ifPresent(e ->
                    problems.add(yaml.problem(YamlFile.get(role, "email").get(), "role '" + id + "': '" + e + "' is not an email address")));
            Optional<String> pager = address(role, "pager");
            pager.filter(k -> k.length() != 32).ifPresent(k ->
                    problems.add(yaml.problem(YamlFile.get(role, "pager").get(), "role '" + id
                            + "': a PagerDuty routing key is 32 characters, this one has " + k.length())));
            roles.put(id, new Role(id, text(role, "name").orElse(id), email, pager, address(role, "webhook")));
        }
        if (section != null && roles.isEmpty()) problems.add(yaml.problem(section, "no roles defined"));
        return roles;
    }

    private Map<Severity, List<Channel>> channels(Node section) {
        Map<Severity, List<Channel>> channels = new EnumMap<>(Severity.class);
        for (NodeTuple t : YamlFile.entries(section)) {
            try {
                Severity severity = Severity.parse(YamlFile.key(t));
                channels.put(severity, fields.channels(t.getValueNode(), "channels." + severity.label()));
            } catch (IllegalArgumentException e) {
                problems.add(yaml.problem(t.getKeyNode(), "channels: " + e.getMessage()));
            }
        }
        fields.everySeverity(section, "channels", channels);
        return channels;
    }

    private List<String> chain(Node section, Map<String, Role> roles) {
        return YamlFile.items(section).stream().map(item -> knownRole(item, roles, "chain")).toList();
    }

    private Map<String, IncidentType> incidents(Node section, Map<String, Role> roles) {
        Map<String, IncidentType> incidents = new LinkedHashMap<>();
        for (NodeTuple t : YamlFile.entries(section)) {
            String id = YamlFile.key(t);
            Node node = t.getValueNode();
            String where = "incident '" + id + "'";
            fields.unknownFields(node, INCIDENT_FIELDS, where);
            Duration respond = fields.optional(node, "respond-within", where, Durations::parse).orElse(Duration.ofMinutes(15));
            List<List<String>> steps = new ArrayList<>();
            Optional<Node> escalation = YamlFile.get(node, "escalation");
            if (escalation.isEmpty() || YamlFile.items(escalation.get()).isEmpty()) {
                problems.add(yaml.problem(node, where + ": needs an escalation list with at least one step"));
            }
            escalation.ifPresent(e -> YamlFile.items(e).forEach(step -> steps.add(step(step, roles, where, steps.size() + 1))));
            escalation.flatMap(e -> YamlFile.items(e).stream().findFirst()).ifPresent(first -> firstStepLines.put(id, YamlFile.line(first)));
            Map<Channel, List<Channel>> fallback = new EnumMap<>(Channel.class);
            YamlFile.get(node, "fallback").ifPresent(f -> YamlFile.entries(f).forEach(entry -> {
                try {
                    fallback.put(Channel.parse(YamlFile.key(entry)),
                            YamlFile.items(entry.getValueNode()).stream().map(i -> Channel.parse(YamlFile.text(i).orElse(""))).toList());
                } catch (IllegalArgumentException e) {
                    problems.add(yaml.problem(entry.getKeyNode(), where + ": fallback: " + e.getMessage()));
                }
            }));
            incidents.put(id, new IncidentType(id, text(node, "title").orElse(id), respond,
                    text(node, "first-response").orElse("").strip(), text(node, "runbook").orElse(""), List.copyOf(steps), fallback));
        }
        if (section != null && incidents.isEmpty()) problems.add(yaml.problem(section, "no incident types defined"));
        return incidents;
    }

    private List<String> step(Node step, Map<String, Role> roles, String where, int number) {
        String stepWhere = where + ": escalation step " + number;
        fields.unknownFields(step, STEP_FIELDS, stepWhere);
        Optional<Node> roleList = YamlFile.get(step, "roles");
        if (roleList.isEmpty() || YamlFile.items(roleList.get()).isEmpty()) {
            problems.add(yaml.problem(step, stepWhere + " names no roles"));
        }
        return roleList.map(list -> YamlFile.items(list).stream().map(item -> knownRole(item, roles, stepWhere)).toList()).orElse(List.of());
    }

    private String knownRole(Node item, Map<String, Role> roles, String where) {
        String id = YamlFile.text(item).orElse("");
        if (!roles.containsKey(id)) {
            problems.add(yaml.problem(item, where + ": unknown role '" + id + "' (roles: " + String.join(", ", roles.keySet()) + ")"));
        }
        return id;
    }

    private Optional<String> text(Node node, String field) {
        return YamlFile.get(node, field).flatMap(YamlFile::text).map(this::resolve);
    }

    private Optional<String> address(Node node, String field) {
        return text(node, field).map(String::trim).filter(v -> !v.isEmpty() && !v.equals(UNSET));
    }

    private String resolve(String value) {
        if (!value.contains("{{")) return value;
        try {
            return placeholders.apply(value);
        } catch (RuntimeException e) {
            problems.add(ConfigProblem.of(yaml.file(), "cannot resolve '" + value + "': " + e.getMessage()));
            return value;
        }
    }
}
