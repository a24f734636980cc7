package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRuns;
import com.penguinmails.alerthub.check.TierConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Asks each reachable tier which columns a check's SQL returns ({@code LIMIT 0}: nothing is read) and reports
 * threshold and key columns that are not among them, and SQL the tier rejects. Unreachable tiers are skipped
 * with a note: that is an outage for the running hub, not a configuration error.
 */
public final class ResultColumns {

    public record Outcome(List<ConfigProblem> problems, List<String> notes) {
    }

    private ResultColumns() {
    }

    public static Outcome verify(HubConfig config, TierConnections connections) {
        List<ConfigProblem> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        config.settings().tiers().values().parallelStream().forEach(tier -> {
            List<CheckDefinition> checks = config.checks().all().stream().filter(c -> c.tiers().contains(tier.name())).toList();
            try (Connection c = connections.open(tier)) {
                for (CheckDefinition check : checks) {
                    verify(c, check, tier.name()).ifPresent(reason -> problems.add(ConfigProblem.of(check.source(), reason)));
                }
            } catch (SQLException e) {
                notes.add("tier '" + tier.name() + "' not reachable, its checks' columns were not verified: " + CheckRuns.rootMessage(e));
            }
        });
        return new Outcome(List.copyOf(problems), List.copyOf(notes));
    }

    private static java.util.Optional<String> verify(Connection c, CheckDefinition check, String tier) {
        String where = "check '" + check.name() + "' on tier '" + tier + "': ";
        String sql = check.sql().strip().replaceAll(";+\\s*$", "");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + "\n) AS hub_columns LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            Set<String> columns = new LinkedHashSet<>();
            for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
            List<String> missing = new ArrayList<>();
            check.thresholds().columnNames().stream().filter(n -> !columns.contains(n)).forEach(n -> missing.add("threshold column '" + n + "'"));
            check.keys().stream().filter(k -> !columns.contains(k.toLowerCase(Locale.ROOT))).forEach(k -> missing.add("key column '" + k + "'"));
            if (missing.isEmpty()) return java.util.Optional.empty();
            return java.util.Optional.of(where + String.join(", ", missing) + " not in the result (the SQL returns: " + String.join(", ", columns) + ")");
        } catch (SQLException e) {
            return java.util.Optional.of(where + "the tier rejects the SQL: " + CheckRuns.rootMessage(e));
        }
    }
}
