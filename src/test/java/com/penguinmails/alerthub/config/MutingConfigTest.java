package com.penguinmails.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes/muting.yaml} is validated like the matrix: every problem as {@code file:line: reason}, and no start. */
class MutingConfigTest {

    private static final String MUTING = "muting.yaml";

    @TempDir
    Path tmp;

    @Test
    void theShippedFileHasNoWindowAndTheTierDownRule() {
        MutingConfig muting = HubConfig.load(Map.of()).muting();
        assertThat(muting.maintenance()).isEmpty();
        assertThat(muting.inhibit()).singleElement().satisfies(rule -> {
            assertThat(rule.source()).extracting(Object::toString).containsExactly("check=tier-reachable");
            assertThat(rule.target()).extracting(Object::toString).containsExactly("check!=tier-reachable");
            assertThat(rule.equal()).extracting(Object::toString).containsExactly("TIER");
        });
    }

    @Test
    void everyProblemOfTheFileIsReportedAtItsLineAndTheHubDoesNotStart() {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").write(MUTING, """
                maintenance:
                  - tier: warehouse
                    start: "0 0 3 ? * FUNDAY"
                    duration: 0m
                  - tier: queue
                    start: "0 0 3 ? * SUN"
                    duration: 2h
                    comment: weekly VACUUM FULL
                    owner: dba
                inhibit:
                  - source: [host=db1]
                    target: [check=~pool-(]
                    equal: [tier, cluster]
                  - target: [tier=oltp]
                silences: []
                """);
        String file = routes.path(MUTING);
        Map<String, String> overrides = Map.of("hub.routes.dir", routes.dir().toString());

        ConfigException loaded = catchThrowableOfType(ConfigException.class, () -> HubConfig.load(overrides));
        ConfigException started = catchThrowableOfType(ConfigException.class, () -> Hub.create(overrides, Clock.systemUTC()));

        List<String> expected = List.of(
                file + ":15: unknown section 'silences' (expected maintenance, inhibit)",
                file + ":2: maintenance window 1: tier: unknown tier 'warehouse' (tiers: content, olap, oltp, queue)",
                file + ":3: maintenance window 1: start: '0 0 3 ? * FUNDAY' is not a Quartz cron (seconds minutes hours day-of-month"
                        + " month day-of-week, e.g. 0 0 3 ? * SUN): Invalid Day-of-Week value: 'FUN'",
                file + ":4: maintenance window 1: duration: must be longer than 0",
                file + ":2: maintenance window 1: missing 'comment'",
                file + ":9: maintenance window 2: unknown field 'owner' (known: comment, duration, start, tier)",
                file + ":11: inhibit rule 1: source: matcher 'host=db1': unknown label 'host' (labels: tier, check, incident, severity)",
                file + ":12: inhibit rule 1: target: matcher 'check=~pool-(': bad regex: Unclosed group near index 6",
                file + ":13: inhibit rule 1: equal: unknown label 'cluster' (labels: tier, check, incident, severity)",
                file + ":14: inhibit rule 2: source needs at least one matcher, e.g. [check=tier-reachable]");
        assertThat(messages(loaded)).containsExactlyElementsOf(expected);
        assertThat(messages(started)).as("the hub refuses to start with the same problems").containsExactlyElementsOf(expected);
    }

    @Test
    void withoutTheFileNothingIsMutedButBySilences() {
        RoutesCopy routes = RoutesCopy.of(tmp, "routes").delete(MUTING);
        assertThat(HubConfig.load(Map.of("hub.routes.dir", routes.dir().toString())).muting()).isEqualTo(MutingConfig.NONE);
    }

    private static List<String> messages(ConfigException e) {
        assertThat(e).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
