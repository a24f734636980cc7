package com.penguinmails.alerthub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.penguinmails.alerthub.testkit.HubHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A check deleted from routes/ while its alert fires: at the next start the alert resolves, once, to those who got it. */
class RemovedChecksTest {

    @Test
    void anAlertOfARemovedCheckResolvesAtStartup() throws Exception {
        try (HubHarness h = HubHarness.start()) {
            // the demo seed's 150 pending jobs breach queue-backlog (high: email, no page)
            assertThat(h.run("queue-backlog", "queue").get("notice")).isEqualTo("trigger");
            h.awaitEmails(2);

            Path routes = Files.createTempDirectory("routes");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : files.toList()) Files.copy(f, routes.resolve(f.getFileName()));
            }
            Path checks = routes.resolve("checks.camel.yaml");
            String yaml = Files.readString(checks);
            int start = yaml.indexOf("- templatedRoute:\n    routeTemplateRef: health-check\n    routeId: check-queue-backlog");
            int end = yaml.indexOf("- templatedRoute:", start + 1);
            Files.writeString(checks, yaml.substring(0, start) + yaml.substring(end));
            h.properties().put("hub.routes.dir", routes.toString());
            h.restartHub();

            h.awaitEmails(4);
            assertThat(h.emails("[RESOLVED]")).hasSize(2).allSatisfy(m ->
                    assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(m)).contains("RESOLVED: check removed"));
            assertThat(h.emails("queue-backlog")).as("one trigger and one resolve, two recipients each").hasSize(4);
            assertThat(h.get("/api/alerts", HubHarness.TOKEN).body()).doesNotContain("queue-backlog");
        }
    }
}
