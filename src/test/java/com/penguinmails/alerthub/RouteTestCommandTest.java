package com.penguinmails.alerthub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.penguinmails.alerthub.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code route-test}: who an alert reaches, read from the shipped contact matrix. */
class RouteTestCommandTest {

    @Test
    void aCriticalOutagePagesTheLeadAndEmailsStepOneWhileTheCtoHasNoAddressYet() {
        Map<String, String> args = new LinkedHashMap<>(Main.overrides(List.of("--incident=database-outage", "--severity=critical",
                "--hub.pager.url=http://127.0.0.1:9/v2/enqueue", "--hub.contacts.database-lead.pager=R0DBLEAD0000000000000000000000aa")));
        String report = Main.routeTest(args);
        assertThat(report).startsWith("database-outage (Database Outage) at critical: respond within 5 min\n")
                .contains("step 1 (at once): database-lead, oncall-engineer\n")
                .contains("  pager: database-lead -> R0****aa, oncall-engineer -> no address (unset)\n")
                .contains("  email: database-lead -> dbops@penguinmails.com, oncall-engineer -> oncall@penguinmails.com\n")
                .contains("  posthog: off (not configured)\n")
                .contains("step 2 (after 5 min): cto\n")
                .doesNotContain("R0DBLEAD0000000000000000000000aa");
    }

    @Test
    void anUnknownIncidentNamesTheKnownOnes() {
        Map<String, String> args = new LinkedHashMap<>(Map.of("incident", "fire", "severity", "high"));
        assertThatThrownBy(() -> Main.routeTest(args)).hasMessage("unknown incident type 'fire' (known: database-outage,"
                + " connection-pool-exhaustion, data-integrity, performance-degradation, security-breach)");
    }

    @Test
    void argumentsThatAreNotKeyValuePairsAreRefused() {
        assertThatThrownBy(() -> Main.overrides(List.of("hub.demo"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("command line: 'hub.demo' is not --key=value");
    }
}
