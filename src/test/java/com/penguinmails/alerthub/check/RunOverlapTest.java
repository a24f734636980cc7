package com.penguinmails.alerthub.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HubHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two runs of one check on one tier never overlap: the second waits for the first. */
class RunOverlapTest {

    @Test
    void aSecondRunWaitsWhileTheFirstIsStuckBehindALock() throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.tiers.statement-timeout", "20s", "hub.tiers.socket-timeout", "25s"));
             Connection holder = h.tiers.admin("queue")) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> run(h));
            CompletableFuture<Map<String, Object>> second = CompletableFuture.supplyAsync(() -> run(h));
            awaitHubSessionsWaitingOnTheLock(h, 1);
            // the second run is queued in the hub: still only one hub query exists on the tier
            assertThat(hubQueriesOnJobs(h)).isEqualTo(1);
            holder.rollback();
            List<Map<String, Object>> runs = List.of(first.get(), second.get());
            assertThat(runs).extracting(r -> r.get("status")).containsExactly("ok", "ok");
            assertThat(runs).extracting(r -> r.get("totalRows")).containsExactly(1, 1);
        }
    }

    private static Map<String, Object> run(HubHarness h) {
        try {
            return h.run("queue-backlog", "queue");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitHubSessionsWaitingOnTheLock(HubHarness h, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hubQueriesOnJobs(h) < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("the first run never reached the tier");
            Thread.sleep(50);
        }
        CheckRuns runs = h.hub().bean("checkRuns", CheckRuns.class);
        while (runs.waiting("queue-backlog", "queue") < 1) {
            if (System.nanoTime() > deadline) throw new AssertionError("the second run never queued behind the first");
            Thread.sleep(50);
        }
    }

    private static int hubQueriesOnJobs(HubHarness h) throws Exception {
        try (Connection c = h.tiers.admin("queue"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'alert-hub' AND state = 'active'"
                        + " AND query LIKE '%FROM jobs%' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
