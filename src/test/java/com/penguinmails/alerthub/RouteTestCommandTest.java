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
                // critical notifies steps 1 and 2 at once, then the chain every 5 min (issue 3)
                .contains("step 2 (at once): cto\n")
                .contains("step 3 (after 5 min): ceo\n")
                .endsWith("then step 3 again every 5 min until acknowledged\n")
                .doesNotContain("R0DBLEAD0000000000000000000000aa");
    }

    @Test
    void aLowAlertEmailsStepOneInBusinessHoursAndCountsWorkingTime() {
        String report = Main.routeTest(new LinkedHashMap<>(Map.of("incident", "performance-degradation", "severity", "low")));
        assertThat(report).contains("step 1 (at once in business hours): database-lead, oncall-engineer\n"
                        + "  email: database-lead -> dbops@penguinmails.com, oncall-engineer -> oncall@penguinmails.com\nstep 2")
                .contains("step 2 (after 4 h of business hours): engineering-manager\n  posthog: off (not configured)\n")
                .endsWith("then step 4 again every 8 h of business hours until acknowledged\n");
    }

    @Test
    void anUnknownIncidentNamesTheKnownOnes() {
        Map<String, String> args = new LinkedHashMap<>(Map.of("incident", "fire", "severity", "high"));
        assertThatThrownBy(() -> Main.routeTest(args)).hasMessage("unknown incident type 'fire' (known: database-outage,"
                + " connection-pool-exhaustion, data-integrity, performance-degradation, security-breach, hub-self)");
    }

    @Test
    void argumentsThatAreNotKeyValuePairsAreRefused() {
        assertThatThrownBy(() -> Main.overrides(List.of("hub.demo"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("command line: 'hub.demo' is not --key=value");
    }
}
