package com.penguinmails.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertState;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.notify.email.EmailComposer;
import com.penguinmails.alerthub.notify.pager.PagerDutyEvents;
import com.penguinmails.alerthub.notify.posthog.PostHogEvents;
import com.penguinmails.alerthub.notify.template.Templates;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.threshold.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The payloads keep the receivers' contracts whatever the data: PagerDuty's limits, PostHog's required fields. */
class PayloadContractTest {

    private static final Instant OPENED = Instant.parse("2026-11-25T08:55:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final IncidentType OUTAGE = new IncidentType("database-outage", "Database Outage", Duration.ofMinutes(5),
            "1. Check service status.", "https://docs.example/runbook", List.of(), Map.of());
    private static final Templates SHIPPED = Templates.load(RoutesCopy.SHIPPED.resolve("templates"), ZoneId.of("Europe/Berlin"));

    @Test
    void aHugeGroupStillMakesAValidPagerDutyTriggerWithItsSummaryCutAt1024() {
        List<Alert> rows = IntStream.range(0, 25).mapToObj(i -> alert("pid=" + i + ",query=" + "x".repeat(1200), "95")).toList();
        GroupNotice n = notice(Evaluation.Notice.TRIGGER, rows.subList(0, GroupNotice.SHOWN_ROWS), 5, "x".repeat(2000));
        Map<String, Object> event = PagerDutyEvents.event(n, "R0DBLEAD0000000000000000000000aa", SHIPPED.render(Channel.PAGER, "summary", n));
        Map<?, ?> payload = (Map<?, ?>) event.get("payload");
        assertThat((String) payload.get("summary")).hasSizeLessThanOrEqualTo(1024).endsWith("…");
        assertThat(payload.get("severity")).isEqualTo("critical");
        assertThat(payload.get("source")).isEqualTo("db.internal:5432/penguinmails_oltp");
        assertThat((String) event.get("dedup_key")).hasSizeLessThanOrEqualTo(255).isEqualTo(Fingerprint.group("pool-usage", "oltp"));
        assertThat(((Map<?, ?>) payload.get("custom_details")).get("more_rows")).isEqualTo(5);
    }

    @Test
    void aResolveCarriesOnlyWhatPagerDutyNeeds() {
        GroupNotice n = notice(Evaluation.Notice.RESOLVE, List.of(alert("", "10")), 0, "pool");
        Map<String, Object> event = PagerDutyEvents.event(n, "R0DBLEAD0000000000000000000000aa", SHIPPED.render(Channel.PAGER, "summary", n));
        assertThat(event).containsOnlyKeys("routing_key", "event_action", "dedup_key");
        assertThat(event.get("event_action")).isEqualTo("resolve");
    }

    @Test
    void everyPostHogEventHasANameADistinctIdAUuidAndNoPersonProfile() {
        GroupNotice n = notice(Evaluation.Notice.TRIGGER, List.of(alert("", "95")), 0, "pool");
        List<Map<String, Object>> events = PostHogEvents.alertEvents(n);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(PostHogEvents.problem(e)).isNull();
            assertThat(e.get("event")).isEqualTo("db_alert_triggered");
            assertThat(e.get("distinct_id")).isEqualTo("penguinmails_oltp");
            assertThat((String) e.get("uuid")).hasSize(36);
            assertThat(e.get("timestamp")).isEqualTo(NOW.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) e.get("properties");
            assertThat(properties).containsEntry("$process_person_profile", false)
                    .containsEntry("severity", "critical").containsEntry("value", "95").containsEntry("threshold", "> 90");
        });
        assertThat(PostHogEvents.problem(Map.of("event", "x", "properties", Map.of(), "timestamp", "t")))
                .isEqualTo("event 'x' without distinct_id");
        assertThat(PostHogEvents.problem(Map.of("distinct_id", "db"))).isEqualTo("event without a name");
    }

    @Test
    void theEmailNamesTimesInBothZonesAndCarriesNoPlaceholders() {
        GroupNotice n = notice(Evaluation.Notice.TRIGGER, List.of(alert("", "95")), 0, "client backends against the pool max");
        EmailComposer.Email mail = new EmailComposer(SHIPPED).compose(n, List.of());
        assertThat(mail.subject()).isEqualTo("[PROD][CRITICAL] Database Outage: oltp (db.internal:5432/penguinmails_oltp) pool-usage");
        assertThat(mail.text()).contains("Started: 2026-11-25 09:55:00 CET / 2026-11-25 08:55:00 UTC")
                .contains("Duration: 5m").contains("usage_pct = 95 (critical > 90)").contains("Fingerprint: ")
                .contains("1. Check service status.").contains("Runbook: https://docs.example/runbook");
        assertThat(mail.html()).contains("<h2>[PROD][CRITICAL] Database Outage");
        for (String part : List.of(mail.subject(), mail.text(), mail.html())) assertThat(part).doesNotContain("{{").doesNotContain("${");
    }

    private static GroupNotice notice(Evaluation.Notice kind, List<Alert> rows, int hidden, String description) {
        List<AlertChange> changes = rows.stream().limit(1).map(a -> new AlertChange(a,
                kind == Evaluation.Notice.RESOLVE ? AlertChange.Kind.RESOLVED : AlertChange.Kind.FIRED, "")).toList();
        return new GroupNotice("id-1", kind, "prod", "pool-usage", description, "oltp", "db.internal:5432/penguinmails_oltp",
                "penguinmails_oltp", OUTAGE, Severity.CRITICAL, OPENED, NOW, Fingerprint.group("pool-usage", "oltp"), rows, hidden,
                changes, "back within bounds");
    }

    private static Alert alert(String key, String value) {
        return new Alert(1, Fingerprint.alert("pool-usage", "oltp", key), "pool-usage", "oltp", key, "database-outage",
                AlertState.FIRING, Severity.CRITICAL, "usage_pct", value, "> 90", "{\"usage_pct\":" + value + "}", OPENED, NOW, OPENED,
                OPENED, null, null, 0, null);
    }
}
