package com.penguinmails.alerthub.notify.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.penguinmails.alerthub.Hub;
import com.penguinmails.alerthub.config.ConfigException;
import com.penguinmails.alerthub.config.ConfigProblem;
import com.penguinmails.alerthub.testkit.RoutesCopy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates are checked when the hub loads them, by rendering sample notices: what ops get wrong is a
 * {@code file:line: reason}, and the hub neither validates nor starts with it. The shipped set is the control.
 */
class TemplatesTest {

    @TempDir
    Path tmp;

    @Test
    void aMisspeltVariableIsFoundInEitherBranchOfASectionAtItsLine() {
        RoutesCopy routes = RoutesCopy.of(tmp, "misspelt")
                .write("templates/email-high.text.mustache", "{{title}}\n{{#resolved}}\nfixed: {{resolve_reason}}\n{{/resolved}}\n"
                        + "{{^resolved}}\nnow {{headlin}}\n{{/resolved}}\n")
                .write("templates/webhook.title.mustache", "{{#rows}}{{key}} {{colum}}{{/rows}}");

        assertThat(problems(routes)).containsExactly(
                routes.path("templates/email-high.text.mustache") + ":6: unknown variable 'headlin' (see docs/templates.md for the variables)",
                routes.path("templates/webhook.title.mustache") + ":1: unknown variable 'colum' (see docs/templates.md for the variables)");
    }

    @Test
    void aTemplateThatDoesNotParseAndAFileNameTheHubDoesNotKnowAreReportedTogether() {
        RoutesCopy routes = RoutesCopy.of(tmp, "broken")
                .write("templates/pager.summary.mustache", "{{title}}\n{{#rows}}\n{{summary}}\n{{/row}}\n")
                .write("templates/email.body.mustache", "{{title}}")
                .write("templates/email-urgent.subject.mustache", "{{title}}");

        assertThat(problems(routes)).containsExactly(
                routes.path("templates/email-urgent.subject.mustache") + ": unknown template name 'email-urgent.subject.mustache' (expected"
                        + " <channel>[-<severity>].<part>.mustache: email (subject, text, html), pager (summary), webhook (title, text);"
                        + " severity critical, high, medium or low)",
                routes.path("templates/email.body.mustache") + ": unknown template name 'email.body.mustache' (expected"
                        + " <channel>[-<severity>].<part>.mustache: email (subject, text, html), pager (summary), webhook (title, text);"
                        + " severity critical, high, medium or low)",
                routes.path("templates/pager.summary.mustache") + ":4: Section close tag with mismatched open tag 'row' != 'rows'");
    }

    @Test
    void theShippedTemplatesLoadAndARoutesFolderWithoutAnyUsesTheBuiltInOnes() {
        assertThat(Templates.load(tmp.resolve("routes-of-an-older-release/templates"), ZoneOffset.UTC)).isNotNull();
        assertThat(Templates.load(RoutesCopy.SHIPPED.resolve("templates"), ZoneOffset.UTC)).isNotNull();
    }

    /** Both ways in refuse the templates with the same problems: {@code validate}, and starting the hub. */
    private static List<String> problems(RoutesCopy routes) {
        Map<String, String> overrides = Map.of("hub.routes.dir", routes.dir().toString());
        ConfigException validated = catchThrowableOfType(ConfigException.class, () -> Hub.validate(overrides));
        assertThat(validated).as("validate refuses it").isNotNull();
        ConfigException started = catchThrowableOfType(ConfigException.class, () -> Hub.create(overrides, Clock.systemUTC()));
        assertThat(started).as("the hub refuses to start").isNotNull();
        assertThat(started.problems()).isEqualTo(validated.problems());
        return validated.problems().stream().map(ConfigProblem::toString).toList();
    }
}
