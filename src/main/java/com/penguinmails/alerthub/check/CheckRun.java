package com.penguinmails.alerthub.check;

import com.penguinmails.alerthub.threshold.ColumnVerdict;
import com.penguinmails.alerthub.threshold.Verdict;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one check on one tier, filled in as the route goes: rows seen, the first rows with their verdicts,
 * the offending rows the split aggregated, and how it ended. Confined to the run's own thread.
 */
public final class CheckRun {

    public static final int SAMPLE_ROWS = 100;

    public enum Status { RUNNING, OK, FAILED, BUSY }

    private final CheckDefinition check;
    private final String tier;
    private final Instant startedAt;
    private final boolean dryRun;
    private final String trigger;
    private final List<EvaluatedRow> sample = new ArrayList<>();
    private final List<EvaluatedRow> offending = new ArrayList<>();
    private final Map<String, String> returnedKeys = new HashMap<>();
    private int totalRows;
    private Status status = Status.RUNNING;
    private String error;
    private String clearReason;
    private Instant finishedAt;

    public CheckRun(CheckDefinition check, String tier, Instant startedAt, boolean dryRun, String trigger) {
        this.check = check;
        this.tier = tier;
        this.startedAt = startedAt;
        this.dryRun = dryRun;
        this.trigger = trigger;
    }

    /** Records a row the evaluator looked at; returns false (and fails the run) on a duplicate key. */
    boolean see(EvaluatedRow row) {
        totalRows++;
        if (sample.size() < SAMPLE_ROWS) sample.add(row);
        String decisive = row.verdict().worst().map(ColumnVerdict::value).map(BigDecimal::toPlainString).orElse("");
        String earlier = returnedKeys.put(row.key(), decisive);
        if (check.keyed() && earlier != null) {
            fail("duplicate key " + row.key() + ": key columns (" + String.join(", ", check.keys()) + ") must identify one row");
            return false;
        }
        return true;
    }

    /** A row the hub produced itself (the reachability probe's verdict), seen and, unless healthy, offending. */
    public void observed(EvaluatedRow row) {
        see(row);
        if (row.verdict().verdict() != Verdict.OK) collect(row);
    }

    public void collect(EvaluatedRow row) {
        offending.add(row);
    }

    public void fail(String reason) {
        if (error == null) error = reason;
        status = Status.FAILED;
    }

    void busy() {
        status = Status.BUSY;
        error = "another run of " + check.name() + " on " + tier + " is still in progress";
    }

    public void finish(Instant at) {
        if (status == Status.RUNNING) {
            if (totalRows == 0 && check.noRows() == CheckDefinition.NoRows.ERROR) {
                fail("the query returned no rows, and this check says no rows is an error");
            } else {
                status = Status.OK;
            }
        }
        finishedAt = at;
    }

    /** Overrides the resolve reason of this run's clears (the outage check says "tier reachable again"). */
    public CheckRun clearReason(String reason) {
        this.clearReason = reason;
        return this;
    }

    public Optional<String> clearReason() {
        return Optional.ofNullable(clearReason);
    }

    public boolean succeeded() {
        return status == Status.OK;
    }

    public long breachCount() {
        return offending.stream().filter(r -> r.verdict().verdict() == Verdict.BREACH).count();
    }

    public CheckDefinition check() { return check; }
    public String tier() { return tier; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public boolean dryRun() { return dryRun; }
    public String trigger() { return trigger; }
    public List<EvaluatedRow> sample() { return sample; }
    public List<EvaluatedRow> offending() { return offending; }
    public Optional<String> returnedValue(String key) { return Optional.ofNullable(returnedKeys.get(key)); }
    public boolean returned(String key) { return returnedKeys.containsKey(key); }
    public int totalRows() { return totalRows; }
    public Status status() { return status; }
    public String error() { return error; }
}
