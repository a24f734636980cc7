package com.penguinmails.alerthub.alert;

import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.threshold.Thresholds;
import com.penguinmails.alerthub.watchdog.Watchdog;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup, alerts of a check or tier that is no longer configured resolve ("check removed"), so nobody waits
 * for a resolve that would never come.
 */
public final class RemovedChecks {

    private static final Logger LOG = LoggerFactory.getLogger(RemovedChecks.class);

    private final CheckCatalog catalog;
    private final AlertStore store;
    private final Outcomes outcomes;
    private final Clock clock;

    public RemovedChecks(CheckCatalog catalog, AlertStore store, Outcomes outcomes, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    public void resolveAll() {
        for (AlertGroup group : store.groups()) {
            boolean outage = group.check().equals(CheckDefinition.TIER_REACHABLE);
            // the watchdog's own alerts resolve when the late check runs again, or leaves the configuration
            if (!group.firing() || catalog.covers(group.check(), group.tier()) || outage && catalog.find(group.check()).isEmpty()
                    || group.check().equals(Watchdog.CHECK)) continue;
            CheckDefinition gone = new CheckDefinition(group.check(), List.of(group.tier()), "", Thresholds.none(), group.incident(),
                    List.of(), null, CheckDefinition.NoRows.OK, "removed from configuration", "removed");
            CheckRun run = new CheckRun(gone, group.tier(), clock.instant(), false, "startup").clearReason("check removed");
            LOG.info("check {} on {} is no longer configured: resolving its alerts", group.check(), group.tier());
            outcomes.record(run);
        }
    }
}
