package com.penguinmails.alerthub.config;

import com.penguinmails.alerthub.check.CheckCatalog;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.mute.KnownValues;
import com.penguinmails.alerthub.notify.template.Templates;
import com.penguinmails.alerthub.watchdog.Watchdog;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The whole configuration, loaded and validated offline: properties, the contact matrix and the checks in
 * {@code routes/}. All problems of all files are collected before giving up.
 */
public record HubConfig(HubSettings settings, ContactMatrix matrix, CheckCatalog checks, Path routesDir, MutingConfig muting,
        Templates templates) {

    /** application.properties from the classpath, then from the working directory (ops' copy wins). */
    public static final String PROPERTY_LOCATIONS = "classpath:application.properties;optional=true,file:application.properties;optional=true";

    public static HubConfig load(Map<String, String> overrides) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            PropertiesComponent pc = camel.getPropertiesComponent();
            pc.setLocation(PROPERTY_LOCATIONS);
            Properties p = new Properties();
            p.putAll(overrides);
            pc.setOverrideProperties(p);
            camel.build();
            return load(pc, camel::resolvePropertyPlaceholders);
        } finally {
            camel.stop();
        }
    }

    /** Which channels can deliver at all: configured on, or (webhook) some role has an address. */
    public Map<Channel, Boolean> enabledChannels() {
        boolean roleWebhooks = matrix.roles().values().stream().anyMatch(r -> r.webhook().isPresent());
        return Map.of(Channel.EMAIL, !settings.smtp().host().isBlank(), Channel.PAGER, settings.pagerEnabled(),
                Channel.WEBHOOK, settings.webhookEnabled() || roleWebhooks, Channel.POSTHOG, settings.posthogEnabled());
    }

    /** The values silences, maintenance windows and inhibition rules may name: configured tiers, checks, incident types. */
    public KnownValues knownValues() {
        return knownValues(settings, matrix, checks);
    }

    private static KnownValues knownValues(HubSettings settings, ContactMatrix matrix, CheckCatalog checks) {
        Set<String> names = new TreeSet<>(checks.all().stream().map(CheckDefinition::name).toList());
        names.add(CheckDefinition.TIER_REACHABLE);
        return new KnownValues(settings.tiers().keySet(), names, matrix.incidents().keySet());
    }

    /** Every query's timeouts are shorter than its check's interval, so a stuck tier never piles up runs. */
    private static List<ConfigProblem> timeoutsWithinIntervals(HubSettings s, CheckCatalog checks) {
        java.time.Duration longest = java.util.stream.Stream.of(s.connectTimeout(), s.statementTimeout(), s.socketTimeout())
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        return checks.all().stream().filter(c -> c.schedule().interval() != null && c.schedule().interval().compareTo(longest) <= 0)
                .map(c -> ConfigProblem.of(c.source(), "check '" + c.name() + "': schedule " + c.schedule().text()
                        + " is not longer than the query timeouts (hub.tiers.*-timeout, longest " + Durations.format(longest) + ")"))
                .toList();
    }

    private static HubConfig load(PropertiesComponent pc, java.util.function.UnaryOperator<String> placeholders) {
        Set<String> tiers = new TreeSet<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        // keySet(), not forEach(): Camel's ordered Properties keep their entries outside the Hashtable forEach walks
        for (Object k : pc.loadProperties(k -> k.startsWith("hub.tiers.") || k.startsWith("hub.api.tokens.")).keySet()) {
            String key = k.toString();
            if (key.startsWith("hub.api.tokens.")) tokens.put(key, pc.resolveProperty(key).orElse(""));
            else if (key.endsWith(".url")) tiers.add(key.substring("hub.tiers.".length(), key.length() - ".url".length()));
        }
        // tokens given only as environment variables: HUB_API_TOKENS_OPS=operator:secret
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("HUB_API_TOKENS_")) tokens.putIfAbsent("hub.api.tokens." + k.substring(15).toLowerCase(Locale.ROOT), v);
        });
        List<ConfigProblem> problems = new ArrayList<>();
        HubSettings settings = null;
        try {
            settings = HubSettings.read(pc::resolveProperty, tiers, tokens);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        Path routesDir = Path.of(pc.resolveProperty("hub.routes.dir").orElse("routes"));
        ContactMatrix matrix = null;
        ContactMatrixLoader matrixLoader = new ContactMatrixLoader(placeholders);
        String matrixFile = pc.resolveProperty("hub.checks.matrix").orElse("routes/contact-matrix.yaml");
        try {
            matrix = matrixLoader.load(Path.of(matrixFile));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        CheckCatalog checks = null;
        // checks are validated even when a property is wrong: the tier names come from the property keys
        Set<String> tierNames = settings != null ? settings.tiers().keySet() : tiers;
        String defaultSchedule = settings != null ? settings.defaultSchedule() : pc.resolveProperty("hub.checks.interval").orElse("60s").trim();
        try {
            Set<String> incidents = matrix == null ? Set.of() : matrix.incidents().keySet();
            checks = new CheckCatalogLoader(tierNames, incidents, defaultSchedule).load(CheckCatalogLoader.routeFiles(routesDir));
        } catch (ConfigException e) {
            problems.addAll(matrix == null ? e.problems().stream().filter(p -> !p.reason().contains("unknown incident type")).toList() : e.problems());
        }
        Templates templates = null;
        try {
            templates = Templates.load(routesDir.resolve("templates"), settings != null ? settings.timezone() : ZoneOffset.UTC);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (matrix != null) Watchdog.missingIncident(matrix, matrixFile).ifPresent(problems::add);
        if (settings != null && matrix != null) problems.addAll(MatrixCoverage.problems(settings, matrix, matrixLoader::firstStepLine));
        if (settings != null && checks != null) problems.addAll(timeoutsWithinIntervals(settings, checks));
        MutingConfig muting = null;
        // its matchers are checked against the tiers, checks and incident types: only once those loaded
        if (settings != null && matrix != null && checks != null) {
            try {
                muting = new MutingLoader(knownValues(settings, matrix, checks), settings.timezone())
                        .load(Path.of(pc.resolveProperty("hub.muting.file").orElse(routesDir.resolve("muting.yaml").toString())));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new HubConfig(settings, matrix, checks, routesDir, muting, templates);
    }
}
