package com.penguinmails.alerthub;

import com.penguinmails.alerthub.ack.AckLinks;
import com.penguinmails.alerthub.ack.AckPage;
import com.penguinmails.alerthub.ack.Acknowledgements;
import com.penguinmails.alerthub.ack.PagerDutyWebhook;
import com.penguinmails.alerthub.alert.GroupLocks;
import com.penguinmails.alerthub.alert.Outcomes;
import com.penguinmails.alerthub.alert.Reconciler;
import com.penguinmails.alerthub.alert.RemovedChecks;
import com.penguinmails.alerthub.alert.TierOutages;
import com.penguinmails.alerthub.api.AlertApi;
import com.penguinmails.alerthub.api.ApiAuth;
import com.penguinmails.alerthub.api.ApiErrors;
import com.penguinmails.alerthub.api.CheckApi;
import com.penguinmails.alerthub.api.DeliveryApi;
import com.penguinmails.alerthub.api.SilenceApi;
import com.penguinmails.alerthub.api.StatusApi;
import com.penguinmails.alerthub.check.CheckDefinition;
import com.penguinmails.alerthub.check.CheckRuns;
import com.penguinmails.alerthub.check.OffendingRows;
import com.penguinmails.alerthub.check.Reachability;
import com.penguinmails.alerthub.check.TierConnections;
import com.penguinmails.alerthub.check.TriggerFunction;
import com.penguinmails.alerthub.config.HubConfig;
import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.escalation.Escalations;
import com.penguinmails.alerthub.escalation.Router;
import com.penguinmails.alerthub.inhibit.Inhibitions;
import com.penguinmails.alerthub.mute.MutedGroups;
import com.penguinmails.alerthub.notify.ChannelHealth;
import com.penguinmails.alerthub.notify.Deliveries;
import com.penguinmails.alerthub.notify.Fallback;
import com.penguinmails.alerthub.notify.OutboxRelay;
import com.penguinmails.alerthub.notify.Notifier;
import com.penguinmails.alerthub.silence.MaintenanceWindows;
import com.penguinmails.alerthub.silence.Silences;
import com.penguinmails.alerthub.notify.ratelimit.RateLimitSummaries;
import com.penguinmails.alerthub.notify.ratelimit.RateLimiter;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
import com.penguinmails.alerthub.store.Retention;
import com.penguinmails.alerthub.store.StateStore;
import com.penguinmails.alerthub.watchdog.Watchdog;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.Registry;

/** Wires the pipeline's Java parts and binds them under the names the routes use. */
final class HubBeans implements CamelConfiguration {

    /**
     * Lane heads in flight per channel (handed to its delivery route, not yet sent or rescheduled): a few times the
     * route's consumers keeps them busy, and each pump reads about this many pending rows.
     */
    private static final int OUTBOX_IN_FLIGHT = 64;

    private final HubConfig config;
    private final Clock clock;

    HubBeans(HubConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        HubSettings s = config.settings();
        Registry registry = camel.getRegistry();
        camel.getPropertiesComponent().addPropertiesFunction(new TriggerFunction(s.timezone()));
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setConnectTimeout(s.delivery().connectTimeout().toMillis());
        http.setConnectionRequestTimeout(s.delivery().connectTimeout().toMillis());
        http.setResponseTimeout(s.delivery().readTimeout().toMillis());
        http.setSoTimeout(s.delivery().readTimeout().toMillis());
        // HttpClient would retry a 429 or 503 by itself, sleeping for its Retry-After on the delivery thread; the
        // outbox retries instead, with the lane's order kept and nothing lost by a crash meanwhile
        http.setAutomaticRetriesDisabled(true);

        TierConnections tiers = new TierConnections(s);
        tiers.pools().forEach((name, pool) -> registry.bind("tier-" + name, pool));
        StateStore stateStore = new StateStore(s.storeUrl(), s.storeUsername(), s.storePassword(), s.storePoolSize());
        AlertStore store = new AlertStore(stateStore.dataSource());
        ProducerTemplate producer = camel.createProducerTemplate();
        Router router = new Router(config.matrix());
        Reachability reachability = new Reachability(s, tiers, clock);
        store.groups().stream().filter(g -> g.firing() && g.check().equals(CheckDefinition.TIER_REACHABLE))
                .forEach(g -> reachability.restoreDown(g.tier()));
        Reconciler reconciler = new Reconciler(store, clock, s.maxAlerts(), s.flapping());
        GroupLocks locks = new GroupLocks();
        Outbox outbox = new Outbox(stateStore.dataSource());
        OutboxRelay relay = new OutboxRelay(outbox, clock, producer, OUTBOX_IN_FLIGHT, stateStore::flush);
        // email ack links are signed with hub.ack.secret, or with a key generated once and kept in the store
        String ackSecret = s.ack().secret().isBlank()
                ? store.secret("ack-link", AckLinks::newSecret, clock.instant())
                : s.ack().secret();
        AckLinks ackLinks = new AckLinks(ackSecret, s.ack().publicUrl(), s.ack().linkTtl(), clock);
        Silences silences = new Silences(stateStore.dataSource(), config.knownValues());
        MutedGroups mutes = new MutedGroups(List.of(silences, new MaintenanceWindows(config.muting().maintenance()),
                new Inhibitions(config.muting().inhibit(), store)), stateStore.dataSource(), store, clock);
        RateLimiter rateLimiter = new RateLimiter(config.matrix(), stateStore.dataSource(), clock);
        Notifier notifier = new Notifier(s, router, store, clock, outbox, relay, ackLinks, mutes, config.templates(), rateLimiter);
        Outcomes outcomes = new Outcomes(reconciler, notifier::dispatch, store, locks);
        Acknowledgements acks = new Acknowledgements(store, notifier, config.checks(), clock, locks, mutes);
        ChannelHealth channels = new ChannelHealth(clock, config.enabledChannels());
        // a run can take connect + statement + socket time at worst; the next run of it waits that long
        var longestRun = s.connectTimeout().plus(s.statementTimeout()).plus(s.socketTimeout());

        registry.bind("clock", clock);
        registry.bind("hubConfig", config);
        registry.bind("tierConnections", tiers);
        registry.bind("stateStore", stateStore);
        camel.addService(stateStore);
        registry.bind("alertStore", store);
        registry.bind("checkRuns", new CheckRuns(config.checks(), reachability, clock, longestRun));
        registry.bind("offendingRows", new OffendingRows());
        registry.bind("outcomes", outcomes);
        registry.bind("tierOutages", new TierOutages(reachability, outcomes, config.checks(), clock));
        registry.bind("notifier", notifier);
        registry.bind("watchdog", new Watchdog(config.checks(), store, outcomes, clock, s.timezone(), s.heartbeatUrl()));
        registry.bind("rateLimitSummaries", new RateLimitSummaries(rateLimiter, config.matrix(), notifier, s.environment()));
        registry.bind("escalations", new Escalations(config.matrix(), config.checks(), store, notifier, clock, locks, s.ack().timeout(), mutes));
        registry.bind("channelHealth", channels);
        registry.bind("outbox", outbox);
        registry.bind("outboxRelay", relay);
        registry.bind("retention", new Retention(stateStore.dataSource(), s.storeRetention(), clock));
        registry.bind("deliveries", new Deliveries(channels, store, outbox, relay, new Fallback(s, router::matrix, outbox, relay, clock),
                s.delivery(), clock));
        registry.bind("smtpProperties", smtpProperties(s));
        registry.bind("apiAuth", new ApiAuth(s.apiTokens()));
        registry.bind("apiErrors", new ApiErrors());
        registry.bind("alertApi", new AlertApi(store, outbox, acks));
        registry.bind("deliveryApi", new DeliveryApi(outbox, relay, clock));
        registry.bind("ackPage", new AckPage(ackLinks, store, acks, config.matrix(), s.timezone()));
        registry.bind("pagerDutyWebhook", new PagerDutyWebhook(s.ack().pagerWebhookSecret(), store, acks));
        registry.bind("silenceApi", new SilenceApi(silences, clock));
        registry.bind("checkApi", new CheckApi(config.checks(), producer, reachability, store));
        registry.bind("statusApi", new StatusApi(camel, s, reachability, channels, store, outbox));
        RemovedChecks removed = new RemovedChecks(config.checks(), store, outcomes, clock);
        // once the delivery routes run: their resolves must have somewhere to go
        camel.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                removed.resolveAll();
            }
        });
    }

    private static Properties smtpProperties(HubSettings s) {
        Properties p = new Properties();
        String timeout = Long.toString(s.delivery().readTimeout().toMillis());
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.delivery().connectTimeout().toMillis()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(s.smtp().starttls()));
        return p;
    }
}
