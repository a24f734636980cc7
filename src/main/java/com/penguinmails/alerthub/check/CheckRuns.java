package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.threshold.ColumnVerdict;
import com.penguinmails.alerthub.threshold.RowVerdict;
import com.penguinmails.alerthub.threshold.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * The Java half of the {@code run-check} route: starts a run (one at a time per check and tier, whoever triggers
 * it), hands the check's SQL to camel-sql as the message body, judges each split row, and records failures.
 */
public final class CheckRuns {

    public static final String RUN = "hubRun";
    public static final String ROW = "hubRow";
    public static final String CHECK = "hubCheck";
    public static final String TIER = "hubTier";
    public static final String DRY_RUN = "hubDryRun";
    public static final String TRIGGER = "hubTrigger";
    private static final String LOCKED = "hubLocked";
    private static final int CHUNK = 500;

    private final CheckCatalog catalog;
    private final Reachability reachability;
    private final Clock clock;
    private final Duration lockWait;
    private final Map<String, Semaphore> running = new ConcurrentHashMap<>();

    /** @param lockWait how long a run waits for the previous run of the same check and tier: a run's longest possible time */
    public CheckRuns(CheckCatalog catalog, Reachability reachability, Clock clock, Duration lockWait) {
        this.catalog = catalog;
        this.reachability = reachability;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    public CheckRun begin(Exchange exchange) throws InterruptedException {
        String name = exchange.getMessage().getHeader(CHECK, String.class);
        String tier = exchange.getMessage().getHeader(TIER, String.class).trim();
        CheckDefinition check = catalog.find(name).orElseThrow(() -> new IllegalArgumentException("unknown check '" + name + "'"));
        if (!check.tiers().contains(tier)) throw new IllegalArgumentException("check '" + name + "' does not run on tier '" + tier + "'");
        boolean dryRun = Boolean.TRUE.equals(exchange.getMessage().getHeader(DRY_RUN, Boolean.class));
        String trigger = exchange.getMessage().getHeader(TRIGGER, "schedule", String.class);
        CheckRun run = new CheckRun(check, tier, clock.instant(), dryRun, trigger);
        Semaphore lock = running.computeIfAbsent(name + "\u0000" + tier, k -> new Semaphore(1));
        if (lock.tryAcquire(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
            exchange.setProperty(LOCKED, lock);
        } else {
            run.busy();
        }
        exchange.setProperty(RUN, run);
        return run;
    }

    /** The SQL, as the body camel-sql runs: never part of an endpoint URI, never placeholder-resolved. */
    public String sql(Exchange exchange) {
        CheckRun run = run(exchange);
        if (run.status() == CheckRun.Status.BUSY) throw new IllegalStateException(run.error());
        reachability.beforeRun(run.tier());
        return run.check().sql();
    }

    /**
     * The split's unit: rows in chunks. Camel costs about 12 us per split exchange, several times what fetching and
     * judging a row costs, so 100 000 rows go through as 200 chunks; each row still gets its own verdict.
     */
    public List<List<Map<String, Object>>> chunks(List<Map<String, Object>> rows) {
        List<List<Map<String, Object>>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += CHUNK) chunks.add(rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        return chunks;
    }

    /**
     * The split's filter: whether a chunk has rows that matter for alerts (breaching, or holding/without data for an
     * open alert). They travel to the aggregation as {@link #ROW}.
     */
    public boolean offends(Exchange chunk) {
        CheckRun run = run(chunk);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = chunk.getMessage().getBody(List.class);
        List<EvaluatedRow> offending = new ArrayList<>();
        for (Map<String, Object> values : rows) {
            EvaluatedRow row = evaluate(run, values);
            if (row == null) return false;
            if (row.verdict().verdict() != Verdict.OK) offending.add(row);
        }
        chunk.setProperty(ROW, offending);
        return !offending.isEmpty();
    }

    /** One row's verdict, or null when the row fails the run (NULL or duplicate key, a value that is no number). */
    private static EvaluatedRow evaluate(CheckRun run, Map<String, Object> values) {
        String key;
        try {
            key = key(run.check(), values);
        } catch (IllegalArgumentException e) {
            run.fail(e.getMessage());
            return null;
        }
        RowVerdict verdict = run.check().thresholds().evaluate(values);
        EvaluatedRow evaluated = new EvaluatedRow(key, values, verdict);
        if (!run.see(evaluated)) return null;
        if (verdict.verdict() == Verdict.ERROR) {
            run.fail(verdict.worst().map(ColumnVerdict::error).orElse("row could not be evaluated"));
            return null;
        }
        return evaluated;
    }

    public void failed(Exchange exchange) {
        CheckRun run = run(exchange);
        if (run.status() == CheckRun.Status.BUSY) return;
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        run.fail(rootMessage(e));
    }

    public void end(Exchange exchange) {
        Semaphore lock = exchange.getProperty(LOCKED, Semaphore.class);
        if (lock != null) {
            exchange.removeProperty(LOCKED);
            lock.release();
        }
    }

    /** How many runs of this check on this tier are waiting for the one in progress. */
    public int waiting(String check, String tier) {
        Semaphore lock = running.get(check + "\u0000" + tier);
        return lock == null ? 0 : lock.getQueueLength();
    }

    static CheckRun run(Exchange exchange) {
        return exchange.getProperty(RUN, CheckRun.class);
    }

    static String key(CheckDefinition check, Map<String, Object> row) {
        if (!check.keyed()) return "";
        return check.keys().stream().map(k -> {
            Object v = valueIgnoringCase(row, k);
            if (v == null) throw new IllegalArgumentException("key column '" + k + "' is NULL or missing; key columns must identify each row");
            return k + "=" + v;
        }).collect(Collectors.joining(","));
    }

    private static Object valueIgnoringCase(Map<String, Object> row, String column) {
        if (row.containsKey(column)) return row.get(column);
        // a NULL value is a present entry: findFirst() would throw on it, so look at the entries, not their values
        return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).findFirst().map(Map.Entry::getValue).orElse(null);
    }

    /** What went wrong, in the database's own words (the innermost cause). */
    public static String rootMessage(Throwable e) {
        if (e == null) return "unknown error";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip();
    }
}
