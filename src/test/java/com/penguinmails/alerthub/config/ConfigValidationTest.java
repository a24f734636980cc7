package com.penguinmails.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.alert.Flapping;
import com.penguinmails.alerthub.check.TierConnections;
import com.penguinmails.alerthub.testkit.HubHarness;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import com.penguinmails.alerthub.testkit.TierDatabases;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ops see when they get the configuration wrong: every problem as {@code file:line: reason}, all of them at
 * once, and a hub that refuses the configuration rather than running half of it. The shipped configuration is the
 * control: it validates clean, including the columns each check's SQL returns on real tiers.
 */
class ConfigValidationTest {

    private static final String CHECKS = "checks.camel.yaml";
    private static final String MATRIX = "contact-matrix.yaml";

    private static TierDatabases tiers;

    @TempDir
    Path tmp;
    private RoutesCopy routes;

    @BeforeAll
    static void createTiers() throws Exception {
        tiers = TierDatabases.create();
        tiers.loadDemoSchemas();
    }

    @AfterAll
    static void dropTiers() throws Exception {
        if (tiers != null) tiers.close();
    }

    @BeforeEach
    void copyRoutes() {
        routes = RoutesCopy.of(tmp, "routes-copy");
    }

    // ---- routes: the checks ----------------------------------------------------------------------------------

    @Test
    void aYamlSyntaxErrorPointsAtItsLine() {
        // the trap the shipped file's comment warns about: thresholds text unquoted, so YAML sees a second mapping
        routes.edit(CHECKS, "value: \"reachable: critical < 1\"", "value: reachable: critical < 1");
        int line = routes.lineOf(CHECKS, "value: reachable: critical < 1");

        ConfigException e = refused(overrides());

        assertThat(messages(e)).containsExactly(
                routes.path(CHECKS) + ":" + line + ": YAML syntax error: mapping values are not allowed here");
        shippedConfigurationStillLoads();
    }

    @Test
    void anUnknownTierIsNamedWithTheConfiguredTiers() {
        routes.edit(CHECKS, "value: oltp,content,queue\n", "value: oltp,content,queue,warehouse\n");
        int line = routes.lineOf(CHECKS, "value: oltp,content,queue,warehouse");

        ConfigException e = refused(overrides());

        assertThat(messages(e)).containsExactly(routes.path(CHECKS) + ":" + line
                + ": check 'long-queries': unknown tier 'warehouse' (configured tiers: content, olap, oltp, queue)");
        shippedConfigurationStillLoads();
    }

    @Test
    void aBadThresholdIsReportedAtItsLine() {
        routes.edit(CHECKS, "usage_pct: critical > 90, high > 80", "usage_pct: urgent > 90, high > 80");
        int line = routes.lineOf(CHECKS, "usage_pct: urgent > 90");

        ConfigException e = refused(overrides());

        assertThat(messages(e)).containsExactly(routes.path(CHECKS) + ":" + line + ": check 'pool-usage': thresholds: column"
                + " 'usage_pct': unknown severity 'urgent' in 'urgent > 90' (expected critical, high, medium or low)");
        shippedConfigurationStillLoads();
    }

    @Test
    void aThresholdColumnTheSqlDoesNotReturnIsFoundOnTheRealTier() {
        routes.edit(CHECKS, "pending_jobs: high > 100, clear < 90", "backlog: high > 100, clear < 90");
        // the check's own line: the templatedRoute it is written in
        int line = routes.lineOf(CHECKS, "routeId: check-queue-backlog") - 1;
        // offline it is fine: only the tier knows which columns the SQL returns
        assertThat(HubConfig.load(overrides()).checks().find("queue-backlog")).isPresent();

        ConfigException e = refused(withTiers(overrides()));

        assertThat(messages(e)).containsExactly(routes.path(CHECKS) + ":" + line + ": check 'queue-backlog' on tier 'queue':"
                + " threshold column 'backlog' not in the result (the SQL returns: pending_jobs)");
        shippedConfigurationValidatesOnTheTiers();
    }

    @Test
    void checkSqlThatWritesIsRejectedAtLoadAndNeverReachesTheTier() throws Exception {
        long jobs = count("queue", "SELECT count(*) FROM jobs");
        routes.edit(CHECKS, "value: SELECT count(*) AS pending_jobs FROM jobs WHERE status = 'pending'",
                "value: DELETE FROM jobs WHERE status = 'pending'");
        int line = routes.lineOf(CHECKS, "value: DELETE FROM jobs");

        ConfigException e = refused(withTiers(overrides()));

        assertThat(messages(e)).containsExactly(routes.path(CHECKS) + ":" + line
                + ": check 'queue-backlog': check SQL must only read (SELECT or WITH ... SELECT), it starts with 'delete'");

        // a comment in front does not hide it
        routes.edit(CHECKS, "value: DELETE FROM jobs", "value: /* nightly tidy-up */ DELETE FROM jobs");
        assertThat(messages(refused(withTiers(overrides())))).containsExactly(routes.path(CHECKS) + ":" + line
                + ": check 'queue-backlog': check SQL must only read (SELECT or WITH ... SELECT), it starts with 'delete'");

        // the same write behind a WITH passes the first word, and the tier itself rejects it at load
        routes.edit(CHECKS, "value: /* nightly tidy-up */ DELETE FROM jobs WHERE status = 'pending'",
                "value: WITH gone AS (DELETE FROM jobs WHERE status = 'pending' RETURNING 1) SELECT count(*) AS pending_jobs FROM gone");
        int templated = routes.lineOf(CHECKS, "routeId: check-queue-backlog") - 1;

        e = refused(withTiers(overrides()));

        assertThat(messages(e)).containsExactly(routes.path(CHECKS) + ":" + templated + ": check 'queue-backlog' on tier 'queue':"
                + " the tier rejects the SQL: ERROR: WITH clause containing a data-modifying statement must be at the top level\n"
                + "  Position: 21");
        assertThat(count("queue", "SELECT count(*) FROM jobs")).as("no job was deleted").isEqualTo(jobs);
        shippedConfigurationValidatesOnTheTiers();
    }

    // ---- the contact matrix -----------------------------------------------------------------------------------

    @Test
    void anUnknownRoleInAnEscalationStepIsNamedWithTheKnownRoles() {
        routes.edit(MATRIX, "      - roles: [cto]\n", "      - roles: [cfo]\n");
        int line = routes.lineOf(MATRIX, "- roles: [cfo]");

        ConfigException e = refused(overrides());

        assertThat(messages(e)).containsExactly(routes.path(MATRIX) + ":" + line + ": incident 'database-outage': escalation"
                + " step 2: unknown role 'cfo' (roles: database-lead, oncall-engineer, backup-engineer, engineering-manager,"
                + " senior-engineer, cto, ceo, product-owner, security-team, legal)");
        shippedConfigurationStillLoads();
    }

    @Test
    void aPagerRoutingKeyOfThirtyOneCharactersIsRefusedWithoutShowingIt() {
        String key = HubHarness.DB_LEAD_KEY.substring(1);
        assertThat(key).hasSize(31);
        int line = routes.lineOf(MATRIX, "pager: \"{{hub.contacts.database-lead.pager:unset}}\"");
        Map<String, String> overrides = overrides();
        overrides.put("hub.contacts.database-lead.pager", key);

        ConfigException e = refused(overrides);

        assertThat(messages(e)).containsExactly(routes.path(MATRIX) + ":" + line
                + ": role 'database-lead': a PagerDuty routing key is 32 characters, this one has 31");
        assertThat(e.getMessage()).doesNotContain(key);
        overrides.put("hub.contacts.database-lead.pager", HubHarness.DB_LEAD_KEY);
        assertThat(HubConfig.load(overrides).matrix().roles().get("database-lead").pagerKey()).contains(HubHarness.DB_LEAD_KEY);
    }

    @Test
    void anIncidentThatReachesNobodyAtSomeSeverityIsRefused() {
        // nobody in step 1 has an address; with pager, PostHog and the global webhook off nothing is left
        routes.edit(MATRIX, "      - roles: [security-team, oncall-engineer]\n", "      - roles: [ceo, legal]\n");
        int line = routes.lineOf(MATRIX, "- roles: [ceo, legal]");
        String where = routes.path(MATRIX) + ":" + line + ": incident 'security-breach' at severity ";
        String why = " reaches nobody: channels %s are off or step 1's roles [ceo, legal] have no address for them";

        ConfigException e = refused(overrides());

        assertThat(messages(e)).containsExactly(
                where + "low" + why.formatted("[posthog, email]"),
                where + "medium" + why.formatted("[email, posthog]"),
                where + "high" + why.formatted("[email, webhook, posthog]"),
                where + "critical" + why.formatted("[pager, email, webhook, posthog]"));

        // one severity alone: the others still reach step 1 by email, but low now only goes to PostHog, which is off
        routes.edit(MATRIX, "      - roles: [ceo, legal]\n", "      - roles: [security-team, oncall-engineer]\n");
        routes.edit(MATRIX, "low: [posthog, email]", "low: [posthog]");
        Map<String, String> overrides = overrides();
        e = refused(overrides);
        List<String> lowOnly = new java.util.ArrayList<>();
        for (String incident : List.of("database-outage", "connection-pool-exhaustion", "data-integrity", "performance-degradation",
                "security-breach", "hub-self")) {
            String roles = incident.equals("security-breach") ? "[security-team, oncall-engineer]" : "[database-lead, oncall-engineer]";
            lowOnly.add(routes.path(MATRIX) + ":" + routes.lineOf(MATRIX, "  " + incident + ":", "- roles: ") + ": incident '" + incident
                    + "' at severity low reaches nobody: channels [posthog] are off or step 1's roles " + roles + " have no address for them");
        }
        assertThat(messages(e)).containsExactlyElementsOf(lowOnly);
        // with PostHog configured the same matrix is accepted
        overrides.put("hub.posthog.host", "http://127.0.0.1:9");
        overrides.put("hub.posthog.api-key", "phc_test_key");
        assertThat(HubConfig.load(overrides).matrix().channelsFor(com.penguinmails.alerthub.threshold.Severity.LOW)).hasSize(1);
    }

    @Test
    void flappingSettingsAreAnOnOffFlagAndTwoPercentagesWithLowBelowHigh() {
        Map<String, String> overrides = overrides();
        overrides.put("hub.flapping.enabled", "yes");
        overrides.put("hub.flapping.high", "150");
        overrides.put("hub.flapping.low", "a quarter");
        assertThat(messages(refused(overrides))).containsExactly(
                "application.properties: hub.flapping.enabled: 'yes' is neither true nor false",
                "application.properties: hub.flapping.high: '150' is not a percentage above 0 and at most 100",
                "application.properties: hub.flapping.low: 'a quarter' is not a percentage above 0 and at most 100");
        overrides.put("hub.flapping.enabled", "true");
        overrides.put("hub.flapping.high", "20");
        overrides.put("hub.flapping.low", "25");
        assertThat(messages(refused(overrides))).containsExactly("application.properties: hub.flapping.low: must be below"
                + " hub.flapping.high (25.0 >= 20.0): flapping stops below low and starts at high");
        overrides.put("hub.flapping.low", "10");
        assertThat(HubConfig.load(overrides).settings().flapping()).isEqualTo(new Flapping(true, 20, 10));
    }

    // ---- all at once ------------------------------------------------------------------------------------------

    @Test
    void everyProblemInEveryFileIsReportedInOneGo() {
        routes.edit(CHECKS, "value: oltp,content,queue\n", "value: oltp,content,queue,warehouse\n");
        routes.edit(CHECKS, "usage_pct: critical > 90, high > 80", "usage_pct: urgent > 90, high > 80");
        routes.write("more-checks.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: health-check
                    routeId: check-more
                    parameters:
                      - name: check
                        value: more
                      - name: sql
                        value: SELECT 1 AS n
                      - name: thresholds
                        value: n: high > 1
                """);
        routes.edit(MATRIX, "      - roles: [cto]\n", "      - roles: [cfo]\n");
        Map<String, String> overrides = overrides();
        overrides.put("hub.checks.max-alerts", "lots");

        ConfigException e = refused(overrides);

        List<String> expected = List.of(
                "application.properties: hub.checks.max-alerts: 'lots' is not a whole number",
                routes.path(MATRIX) + ":" + routes.lineOf(MATRIX, "- roles: [cfo]") + ": incident 'database-outage': escalation step 2:"
                        + " unknown role 'cfo' (roles: database-lead, oncall-engineer, backup-engineer, engineering-manager, senior-engineer,"
                        + " cto, ceo, product-owner, security-team, legal)",
                routes.path(CHECKS) + ":" + routes.lineOf(CHECKS, "usage_pct: urgent > 90") + ": check 'pool-usage': thresholds: column"
                        + " 'usage_pct': unknown severity 'urgent' in 'urgent > 90' (expected critical, high, medium or low)",
                routes.path(CHECKS) + ":" + routes.lineOf(CHECKS, "value: oltp,content,queue,warehouse") + ": check 'long-queries':"
                        + " unknown tier 'warehouse' (configured tiers: content, olap, oltp, queue)",
                routes.path("more-checks.camel.yaml") + ":10: YAML syntax error: mapping values are not allowed here");
        assertThat(messages(e)).containsExactlyElementsOf(expected);
        // what `validate` prints: every problem, one per line
        assertThat(e.getMessage()).isEqualTo("invalid configuration:\n  " + String.join("\n  ", expected));
    }

    // ---- starting -----------------------------------------------------------------------------------------------

    @Test
    void theShippedConfigurationValidatesCleanAgainstRealTiers() {
        HubConfig config = Hub.validate(tiers.hubProperties());

        assertThat(config.checks().all()).extracting(c -> c.name()).containsExactly("tier-reachable", "pool-usage", "long-queries",
                "long-queries-olap", "queue-backlog", "queue-oldest-pending", "queue-processing-time", "queue-failure-rate", "olap-freshness");
        try (TierConnections connections = new TierConnections(config.settings())) {
            ResultColumns.Outcome outcome = ResultColumns.verify(config, connections);
            assertThat(outcome.problems()).as("every threshold and key column is returned").isEmpty();
            assertThat(outcome.notes()).as("every tier was reachable, so every check was verified").isEmpty();
        }
    }

    @Test
    void aHubWithAnInvalidConfigurationRefusesToStartAndKeepsItsAlerts() throws Exception {
        try (HubHarness h = HubHarness.start(Map.of("hub.routes.dir", routes.dir().toString()))) {
            // the demo seed has 150 pending jobs: the backlog alert fires and its trigger goes out
            Map<String, Object> fired = h.run("queue-backlog", "queue");
            assertThat(((Map<?, ?>) fired.get("group")).get("firing")).isEqualTo(true);
            Object alertId = ((Map<?, ?>) alerts(fired, "opened").get(0)).get("id");
            h.awaitEmails(2);
            MimeMessage trigger = h.emails(") queue-backlog").get(0);

            h.stopHub();
            routes.edit(CHECKS, "value: oltp,content,queue\n", "value: oltp,content,queue,warehouse\n");
            String problem = routes.path(CHECKS) + ":" + routes.lineOf(CHECKS, "value: oltp,content,queue,warehouse")
                    + ": check 'long-queries': unknown tier 'warehouse' (configured tiers: content, olap, oltp, queue)";

            ConfigException e = catchThrowableOfType(ConfigException.class, h::startHub);

            assertThat(messages(e)).containsExactly(problem);
            assertThat(h.hub()).as("nothing was started").isNull();
            assertThat(catchThrowableOfType(ConnectException.class, () -> h.get("/health", null))).isNotNull();

            // ops fix the file: the hub starts with everything it knew
            routes.edit(CHECKS, "value: oltp,content,queue,warehouse\n", "value: oltp,content,queue\n");
            h.startHub();
            HttpResponse<String> open = h.get("/api/alerts", HubHarness.TOKEN);
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).contains("\"id\":" + alertId + ",").contains("\"check\":\"queue-backlog\"").contains("\"state\":\"firing\"");

            h.tiers.execute("queue", "UPDATE jobs SET status = 'completed', completed = now() WHERE status = 'pending'");
            Map<String, Object> cleared = h.run("queue-backlog", "queue");
            assertThat(alerts(cleared, "resolved")).singleElement().satisfies(a -> assertThat(((Map<?, ?>) a).get("id")).isEqualTo(alertId));
            h.awaitEmails(4);
            List<MimeMessage> resolves = h.emails("[RESOLVED]");
            assertThat(resolves).hasSize(2);
            assertThat(resolves.get(0).getHeader("In-Reply-To")[0]).as("the resolve answers the trigger sent before the refused start")
                    .isEqualTo(trigger.getMessageID());
            assertThat(Arrays.stream(h.mail.getReceivedMessages()).filter(m -> !resolves.contains(m)).count())
                    .as("the trigger was not sent again after the restart").isEqualTo(2);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("hub.routes.dir", routes.dir().toString());
        return o;
    }

    private static Map<String, String> withTiers(Map<String, String> overrides) {
        Map<String, String> o = new LinkedHashMap<>(tiers.hubProperties());
        o.putAll(overrides);
        return o;
    }

    /** Both ways in refuse the configuration with the same problems: validation, and starting the hub. */
    private static ConfigException refused(Map<String, String> overrides) {
        ConfigException validated = catchThrowableOfType(ConfigException.class, () -> Hub.validate(overrides));
        assertThat(validated).as("Hub.validate refuses it").isNotNull();
        ConfigException started = catchThrowableOfType(ConfigException.class, () -> Hub.create(overrides, Clock.systemUTC()));
        assertThat(started).as("Hub.create refuses to start").isNotNull();
        assertThat(messages(started)).isEqualTo(messages(validated));
        return validated;
    }

    private static List<String> messages(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    /** Nothing was changed by the refusal: the shipped files still load, every check in them. */
    private static void shippedConfigurationStillLoads() {
        assertThat(HubConfig.load(Map.of()).checks().all()).hasSize(9);
    }

    private static void shippedConfigurationValidatesOnTheTiers() {
        assertThat(Hub.validate(tiers.hubProperties()).checks().all()).hasSize(9);
    }

    private static long count(String tier, String sql) throws Exception {
        try (Connection c = tiers.admin(tier); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> alerts(Map<String, Object> run, String kind) {
        return (List<Object>) ((Map<String, Object>) run.get("alerts")).get(kind);
    }
}
