package com.penguinmails.alerthub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRun;
import com.penguinmails.alerthub.check.CheckRuns;
import com.penguinmails.alerthub.check.EvaluatedRow;
import com.penguinmails.alerthub.check.Rows;
import com.penguinmails.alerthub.check.Reachability;
import com.penguinmails.alerthub.store.AlertStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * {@code POST /api/checks/{name}/run[?tier=][&dryRun=true]}: runs a check now, through the same route the
 * scheduler uses, and answers with the evaluation. {@code GET /api/checks}: what is configured.
 */
public final class CheckApi {

    private final CheckCatalog catalog;
    private final ProducerTemplate producer;
    private final Reachability reachability;
    private final AlertStore store;

    public CheckApi(CheckCatalog catalog, ProducerTemplate producer, Reachability reachability, AlertStore store) {
        this.catalog = catalog;
        this.producer = producer;
        this.reachability = reachability;
        this.store = store;
    }

    public Map<String, Object> run(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        CheckDefinition check = catalog.find(name).orElseThrow(() -> new ApiException(404, "unknown check '" + name + "'",
                Map.of("checks", catalog.all().stream().map(CheckDefinition::name).toList())));
        JsonNode body = JsonBody.object(exchange, "{\"tier\": \"oltp\", \"dryRun\": true}", ", or use query parameters");
        String tier = text(exchange, body, "tier");
        boolean dryRun = flag(text(exchange, body, "dryRun"), "dryRun");
        if (tier != null && !check.tiers().contains(tier)) {
            throw new ApiException(404, "check '" + name + "' does not run on tier '" + tier + "'", Map.of("tiers", check.tiers()));
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String t : tier == null ? check.tiers() : List.of(tier)) {
            Map<String, Object> headers = Map.of(CheckRuns.CHECK, name, CheckRuns.TIER, t, CheckRuns.DRY_RUN, dryRun,
                    CheckRuns.TRIGGER, "api:" + exchange.getProperty(ApiAuth.CALLER, "?", String.class));
            runs.add(report(producer.requestBodyAndHeaders("direct:run-check", null, headers, Evaluation.class)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("check", name);
        out.put("dryRun", dryRun);
        out.put("runs", runs);
        return out;
    }

    public List<Map<String, Object>> list() {
        return catalog.all().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("description", c.description());
            m.put("tiers", c.tiers());
            m.put("incident", c.incident());
            m.put("schedule", c.schedule().text());
            m.put("thresholds", c.thresholds().toString());
            m.put("keys", c.keys());
            m.put("source", c.source());
            // each tier's run state: ok, check_failed (error, since) or not run yet
            m.put("state", c.tiers().stream().map(t -> AlertJson.checkState(c.name(), t, store.group(c.name(), t))).toList());
            return m;
        }).toList();
    }

    private Map<String, Object> report(Evaluation e) {
        CheckRun run = e.run();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tier", run.tier());
        r.put("status", run.status().name().toLowerCase());
        r.put("error", run.error());
        r.put("startedAt", run.startedAt().toString());
        r.put("durationMs", run.finishedAt().toEpochMilli() - run.startedAt().toEpochMilli());
        r.put("totalRows", run.totalRows());
        r.put("rows", run.sample().stream().map(CheckApi::row).toList());
        r.put("offendingRows", run.offending().size());
        Map<String, Object> alerts = new LinkedHashMap<>();
        alerts.put("opened", alerts(e, AlertChange.Kind.FIRED, AlertChange.Kind.PENDING));
        alerts.put("updated", alerts(e, AlertChange.Kind.RAISED, AlertChange.Kind.LOWERED, AlertChange.Kind.UPDATED));
        alerts.put("resolved", alerts(e, AlertChange.Kind.RESOLVED, AlertChange.Kind.DROPPED));
        alerts.put("flapping", alerts(e, AlertChange.Kind.FLAPPING_STARTED, AlertChange.Kind.FLAPPING_STOPPED));
        r.put("alerts", alerts);
        r.put("notice", e.notice().name().toLowerCase());
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("firing", e.after().firing());
        group.put("severity", e.after().severity() == null ? null : e.after().severity().label());
        group.put("stale", e.after().stale());
        group.put("checkFailedSince", e.after().failedSince() == null ? null : e.after().failedSince().toString());
        group.put("firingAlerts", e.firing().size());
        r.put("group", group);
        reachability.state(run.tier()).ifPresent(s -> r.put("tierReachable", s.reachable()));
        return r;
    }

    private static List<Map<String, Object>> alerts(Evaluation e, AlertChange.Kind... kinds) {
        List<AlertChange.Kind> wanted = List.of(kinds);
        return e.changes().stream().filter(c -> wanted.contains(c.kind())).map(c -> {
            Map<String, Object> m = AlertJson.alert(c.alert());
            m.put("change", c.kind().name().toLowerCase());
            m.put("detail", c.detail());
            return m;
        }).toList();
    }

    private static Map<String, Object> row(EvaluatedRow row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", Rows.printable(row.row()));
        m.put("key", row.key());
        m.put("verdict", row.verdict().verdict().name().toLowerCase());
        m.put("severity", row.verdict().severity() == null ? null : row.verdict().severity().label());
        row.verdict().worst().ifPresent(w -> {
            m.put("column", w.column());
            m.put("value", w.value());
            if (w.bound() != null) m.put("bound", w.bound().describe());
            if (w.error() != null) m.put("error", w.error());
        });
        return m;
    }

    /** Absent is false; anything but true or false is refused: a mistyped dry run must not run for real. */
    private static boolean flag(String value, String name) {
        if (value == null || value.equalsIgnoreCase("false")) return false;
        if (value.equalsIgnoreCase("true")) return true;
        throw new ApiException(400, name + " is true or false, not '" + value + "'");
    }

    private static String text(Exchange exchange, JsonNode body, String field) {
        String query = exchange.getMessage().getHeader(field, String.class);
        if (query != null && !query.isBlank()) return query;
        return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
