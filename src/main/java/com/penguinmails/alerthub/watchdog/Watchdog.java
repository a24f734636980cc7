package com.penguinmails.alerthub.watchdog;

import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.Outcomes;
import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.check.EvaluatedRow;
import com.penguinmails.alerthub.check.Schedule;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * The hub watching itself. Each cycle ({@code direct:heartbeat}) compares every scheduled check's last run on each of
 * its tiers with its schedule: a check that missed its run by more than one interval (two scheduled runs went by
 * without it) is a {@code missed-schedule} alert of the tier, raised and resolved through the normal reconcile and
 * notify path; when no check is late, the cycle is healthy and the route pings {@code hub.heartbeat.url}, so an
 * outside dead man's switch hears from a hub that both runs and checks.
 */
public final class Watchdog {

    /** The built-in check whose rows are the scheduled checks of a tier, keyed by name. */
    public static final String CHECK = "missed-schedule";
    /** The incident type of its alerts, which the contact matrix must have. */
    public static final String INCIDENT = "hub-self";
    /** Exchange property: the URL to ping after a healthy cycle (absent: no ping). */
    static final String PING = "hubHeartbeatUrl";
    private static final int LATE_RUNS = 2;
    private static final int COUNT_UP_TO = 100;
    private static final CheckDefinition DEFINITION = new CheckDefinition(CHECK, List.of(), "",
            Thresholds.parse("missed_runs: high >= " + LATE_RUNS + ", clear < 1"), INCIDENT, List.of("check"), null,
            CheckDefinition.NoRows.OK, "a scheduled check missed its schedule", "built-in");

    private final CheckCatalog checks;
    private final AlertStore store;
    private final Outcomes outcomes;
    private final Clock clock;
    private final ZoneId zone;
    private final String heartbeatUrl;
    /** Runs before the start do not count against a check: it has had no chance to run yet. */
    private final Instant startedAt;

    public Watchdog(CheckCatalog checks, AlertStore store, Outcomes outcomes, Clock clock, ZoneId zone, String heartbeatUrl) {
        this.checks = checks;
        this.store = store;
        this.outcomes = outcomes;
        this.clock = clock;
        this.zone = zone;
        this.heartbeatUrl = heartbeatUrl;
        this.startedAt = clock.instant();
    }

    /** The matrix needs the incident type the watchdog's alerts are routed by. */
    public static Optional<ConfigProblem> missingIncident(ContactMatrix matrix, String matrixFile) {
        return matrix.incident(INCIDENT).isPresent() ? Optional.empty() : Optional.of(ConfigProblem.of(matrixFile, "incidents: '" + INCIDENT
                + "' is missing: the hub's own alerts (a check that missed its schedule) are routed by it"));
    }

    /** One cycle: raises or resolves missed-schedule alerts, and says whether every check ran in time. */
    public boolean cycle(Exchange exchange) {
        Instant now = clock.instant();
        Map<String, Instant> lastRuns = store.groups().stream().filter(g -> g.lastRunAt() != null)
                .collect(Collectors.toMap(g -> g.check() + "\u0000" + g.tier(), AlertGroup::lastRunAt));
        Map<String, List<EvaluatedRow>> rowsByTier = new LinkedHashMap<>();
        boolean healthy = true;
        for (CheckDefinition check : checks.all()) {
            if (check.schedule() == null) continue;
            for (String tier : check.tiers()) {
                Instant last = lastRuns.getOrDefault(check.name() + "\u0000" + tier, startedAt);
                if (last.isBefore(startedAt)) last = startedAt;
                int missed = missedRuns(check.schedule(), last, now);
                healthy &= missed < LATE_RUNS;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("check", check.name());
                row.put("missed_runs", missed);
                row.put("schedule", check.schedule().text());
                row.put("last_run", last.toString());
                rowsByTier.computeIfAbsent(tier, t -> new ArrayList<>())
                        .add(new EvaluatedRow("check=" + check.name(), row, DEFINITION.thresholds().evaluate(row)));
            }
        }
        rowsByTier.forEach((tier, rows) -> reconcile(tier, rows, now));
        if (healthy && !heartbeatUrl.isEmpty()) exchange.setProperty(PING, heartbeatUrl);
        return healthy;
    }

    /** Only a tier with a late check, or with such an alert open, is reconciled: a quiet cycle writes nothing. */
    private void reconcile(String tier, List<EvaluatedRow> rows, Instant now) {
        boolean late = rows.stream().anyMatch(r -> ((Integer) r.row().get("missed_runs")) >= LATE_RUNS);
        if (!late && store.openAlerts(CHECK, tier).isEmpty()) return;
        CheckRun run = new CheckRun(DEFINITION, tier, now, false, "watchdog");
        rows.forEach(run::observed);
        outcomes.record(run);
    }

    /** Scheduled runs strictly between the last run and now (counted up to 100): a cron is read in hub.timezone. */
    private int missedRuns(Schedule schedule, Instant last, Instant now) {
        int missed = 0;
        for (Instant next = schedule.nextAfter(last, zone); next != null && next.isBefore(now) && missed < COUNT_UP_TO;
             next = schedule.nextAfter(next, zone)) {
            missed++;
        }
        return missed;
    }
}
