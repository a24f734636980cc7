package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.config.HubSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each tier answers. A failed check probes its tier at once on a connection of its own; two failed probes
 * in a row make the tier down. Any successful query makes it up again.
 */
public final class Reachability {

    public static final int FAILED_PROBES_FOR_OUTAGE = 2;

    public record TierState(boolean reachable, int failedProbes, String lastError, Instant lastChange) {
        public boolean down() {
            return failedProbes >= FAILED_PROBES_FOR_OUTAGE;
        }
    }

    private final HubSettings settings;
    private final TierConnections connections;
    private final Clock clock;
    private final Map<String, TierState> states = new ConcurrentHashMap<>();

    public Reachability(HubSettings settings, TierConnections connections, Clock clock) {
        this.settings = settings;
        this.connections = connections;
        this.clock = clock;
    }

    /** Probes the tier now; returns its state after the probe. */
    public TierState probe(String tier) {
        try (Connection c = connections.open(settings.tiers().get(tier));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return reachable(tier);
        } catch (Exception e) {
            return states.compute(tier, (t, old) -> new TierState(false, old == null ? 1 : old.failedProbes() + 1,
                    CheckRuns.rootMessage(e), old != null && !old.reachable() ? old.lastChange() : clock.instant()));
        }
    }

    /**
     * Before a run on a tier that is down: probe it on a connection of its own; if it answers again, give the
     * checks a fresh pool so this run does not inherit the pool's memory of the outage.
     */
    public void beforeRun(String tier) {
        if (state(tier).map(TierState::down).orElse(false) && probe(tier).reachable()) connections.reset(tier);
    }

    /** After a restart: the store says this tier's outage is open, so its next successful query must resolve it. */
    public void restoreDown(String tier) {
        states.putIfAbsent(tier, new TierState(false, FAILED_PROBES_FOR_OUTAGE, "down before the hub restarted", clock.instant()));
    }

    public TierState reachable(String tier) {
        return states.compute(tier, (t, old) -> old != null && old.reachable() ? old
                : new TierState(true, 0, null, clock.instant()));
    }

    public Optional<TierState> state(String tier) {
        return Optional.ofNullable(states.get(tier));
    }
}
