package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.check.EvaluatedRow;
import com.penguinmails.alerthub.check.Reachability;
import com.penguinmails.alerthub.threshold.Thresholds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;

/**
 * Turns tier reachability into the Database Outage alert. A failed run probes its tier; after two failed probes
 * the {@code tier-reachable} group fires (one outage alert, however many checks fail). While a tier is down its
 * other checks' failures are only recorded (a failed run changes no alert), and what was already firing on the tier is
 * muted by the shipped inhibition rule ({@code routes/muting.yaml}). A successful run on the tier resolves the outage.
 */
public final class TierOutages {

    private final Reachability reachability;
    private final Outcomes outcomes;
    private final CheckCatalog catalog;
    private final Clock clock;
    private final Map<String, Object> tierLocks = new ConcurrentHashMap<>();

    public TierOutages(Reachability reachability, Outcomes outcomes, CheckCatalog catalog, Clock clock) {
        this.reachability = reachability;
        this.outcomes = outcomes;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Called with every run's evaluation; reports the outage, or its end, when the run changed the tier's state.
     * One tier at a time: a probe waits on its tier's timeouts, and must not hold up the runs of another tier.
     */
    public void observe(@Body Evaluation evaluation) {
        CheckRun run = evaluation.run();
        if (run.dryRun() || run.status() == CheckRun.Status.BUSY) return;
        synchronized (tierLocks.computeIfAbsent(run.tier(), t -> new Object())) {
            observeTier(run);
        }
    }

    private void observeTier(CheckRun run) {
        String tier = run.tier();
        if (run.succeeded()) {
            boolean wasDown = reachability.state(tier).map(s -> !s.reachable()).orElse(false);
            reachability.reachable(tier);
            // the tier-reachable check's own run already reconciled its group
            if (wasDown && !run.check().name().equals(CheckDefinition.TIER_REACHABLE)) report(tier, null);
            return;
        }
        Reachability.TierState state = reachability.probe(tier);
        if (state.down()) report(tier, state.lastError());
    }

    private void report(String tier, String error) {
        CheckDefinition check = outageCheck();
        CheckRun probe = new CheckRun(check, tier, clock.instant(), false, "probe");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("reachable", error == null ? 1 : 0);
        if (error == null) {
            probe.clearReason("tier reachable again");
        } else {
            row.put("failed_probes", Reachability.FAILED_PROBES_FOR_OUTAGE);
            row.put("error", error);
        }
        probe.observed(new EvaluatedRow("", row, check.thresholds().evaluate(row)));
        outcomes.record(probe);
    }

    /** The configured tier-reachable check, or the built-in one when ops removed it from routes/. */
    private CheckDefinition outageCheck() {
        return catalog.find(CheckDefinition.TIER_REACHABLE).orElseGet(() -> new CheckDefinition(CheckDefinition.TIER_REACHABLE,
                List.of(), "SELECT 1 AS reachable", Thresholds.parse("reachable: critical < 1"), "database-outage", List.of(),
                null, CheckDefinition.NoRows.ERROR, "the tier answers a query", "built-in"));
    }
}
