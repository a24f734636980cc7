package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.Schedule;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the checks that ops wrote as {@code templatedRoute}s of the {@code health-check} template in
 * {@code routes/*.camel.yaml}, and validates each offline: tiers, thresholds, schedule, incident type, keys, SQL.
 * Camel loads the same files as routes; this pass is what gives ops {@code file:line: reason}.
 */
public final class CheckCatalogLoader {

    public static final String TEMPLATE = "health-check";
    static final Set<String> PARAMETERS = Set.of("check", "tiers", "sql", "thresholds", "incident", "keys", "schedule", "no-rows", "description");
    private static final Set<String> READ_ONLY_STARTS = Set.of("select", "with", "values", "table", "show");

    private final Set<String> tiers;
    private final Set<String> incidents;
    private final String defaultSchedule;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public CheckCatalogLoader(Set<String> tiers, Set<String> incidents, String defaultSchedule) {
        this.tiers = tiers;
        this.incidents = incidents;
        this.defaultSchedule = defaultSchedule;
    }

    public static List<Path> routeFiles(Path routesDir) {
        try (Stream<Path> files = Files.list(routesDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(ConfigProblem.of(routesDir.toString(), "cannot list route files: " + e.getMessage())));
        }
    }

    public CheckCatalog load(List<Path> files) {
        List<CheckDefinition> checks = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Path file : files) {
            YamlFile yaml;
            try {
                yaml = YamlFile.read(file);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                continue;
            }
            yaml.root().ifPresent(root -> YamlFile.items(root).forEach(item -> YamlFile.get(item, "templatedRoute")
                    .filter(t -> YamlFile.get(t, "routeTemplateRef").flatMap(YamlFile::text).orElse("").equals(TEMPLATE))
                    .ifPresent(t -> check(yaml, t).ifPresent(def -> {
                        String first = seen.putIfAbsent(def.name(), def.source());
                        if (first != null) {
                            problems.add(yaml.problem(t, "check '" + def.name() + "' is already defined at " + first));
                        } else {
                            checks.add(def);
                        }
                    }))));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new CheckCatalog(checks);
    }

    private java.util.Optional<CheckDefinition> check(YamlFile yaml, Node templated) {
        Map<String, Node> params = new LinkedHashMap<>();
        int before = problems.size();
        for (Node p : YamlFile.get(templated, "parameters").map(YamlFile::items).orElse(List.of())) {
            String name = YamlFile.get(p, "name").flatMap(YamlFile::text).orElse("");
            if (!PARAMETERS.contains(name)) {
                problems.add(yaml.problem(p, "unknown parameter '" + name + "' (known: " + String.join(", ", PARAMETERS.stream().sorted().toList()) + ")"));
            } else {
                params.put(name, YamlFile.get(p, "value").orElse(p));
            }
        }
        String name = text(params, "check");
        String where = name.isEmpty() ? "check" : "check '" + name + "'";
        for (String required : List.of("check", "tiers", "sql", "incident")) {
            if (text(params, required).isBlank()) problems.add(yaml.problem(templated, where + ": missing parameter '" + required + "'"));
        }
        if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(yaml.problem(params.get("check"), where + ": a check name is lower-case letters, digits and dashes"));
        }
        List<String> checkTiers = list(params, "tiers");
        for (String tier : checkTiers) {
            if (!tiers.contains(tier)) {
                problems.add(yaml.problem(params.get("tiers"), where + ": unknown tier '" + tier + "' (configured tiers: " + String.join(", ", tiers) + ")"));
            }
        }
        Thresholds thresholds = Thresholds.none();
        try {
            thresholds = Thresholds.parse(text(params, "thresholds"));
        } catch (IllegalArgumentException e) {
            problems.add(yaml.problem(params.getOrDefault("thresholds", templated), where + ": " + e.getMessage()));
        }
        String incident = text(params, "incident");
        if (!incident.isEmpty() && !incidents.contains(incident)) {
            problems.add(yaml.problem(params.get("incident"), where + ": unknown incident type '" + incident
                    + "' (contact matrix has: " + String.join(", ", incidents) + ")"));
        }
        List<String> keys = list(params, "keys");
        keys.stream().filter(k -> !k.matches("[A-Za-z_][A-Za-z0-9_]*")).forEach(k ->
                problems.add(yaml.problem(params.get("keys"), where + ": key column '" + k + "' is not a column name")));
        Schedule schedule = null;
        try {
            String s = text(params, "schedule");
            schedule = Schedule.parse(s.isEmpty() || s.contains("{{") ? defaultSchedule : s);
        } catch (IllegalArgumentException e) {
            problems.add(yaml.problem(params.getOrDefault("schedule", templated), where + ": " + e.getMessage()));
        }
        CheckDefinition.NoRows noRows = CheckDefinition.NoRows.OK;
        String nr = text(params, "no-rows");
        if (!nr.isEmpty()) {
            try {
                noRows = CheckDefinition.NoRows.valueOf(nr.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(yaml.problem(params.get("no-rows"), where + ": no-rows is 'ok' or 'error', not '" + nr + "'"));
            }
        }
        String sql = text(params, "sql").strip();
        String firstWord = firstWord(sql);
        if (!sql.isEmpty() && !READ_ONLY_STARTS.contains(firstWord)) {
            problems.add(yaml.problem(params.get("sql"), where + ": check SQL must only read (SELECT or WITH ... SELECT), it starts with '" + firstWord + "'"));
        }
        if (problems.size() > before) return java.util.Optional.empty();
        return java.util.Optional.of(new CheckDefinition(name, checkTiers, sql, thresholds, incident, keys, schedule, noRows,
                text(params, "description"), yaml.file() + ":" + YamlFile.line(templated)));
    }

    /** The statement's first keyword, after the comments, blank lines and parentheses people put before it. */
    static String firstWord(String sql) {
        String s = sql;
        while (true) {
            s = s.stripLeading();
            if (s.startsWith("--")) {
                int eol = s.indexOf('\n');
                s = eol < 0 ? "" : s.substring(eol + 1);
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2);
            } else if (s.startsWith("(")) {
                s = s.substring(1);
            } else {
                return s.split("[^A-Za-z0-9_]", 2)[0].toLowerCase(Locale.ROOT);
            }
        }
    }

    private static String text(Map<String, Node> params, String name) {
        Node n = params.get(name);
        return n == null ? "" : YamlFile.text(n).orElse("").trim();
    }

    private static List<String> list(Map<String, Node> params, String name) {
        String t = text(params, name);
        return t.isEmpty() ? List.of() : Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
