package com.penguinmails.alerthub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.Reconciler;
import com.penguinmails.alerthub.alert.Evaluation;
import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.config.TierSettings;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.EscalationPolicy;
import com.penguinmails.alerthub.escalation.EscalationState;
import com.penguinmails.alerthub.escalation.IncidentType;
import com.penguinmails.alerthub.escalation.Recipients;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.escalation.Router;
import com.penguinmails.alerthub.escalation.TimelineEntry;
import com.penguinmails.alerthub.notify.email.EmailComposer;
import com.penguinmails.alerthub.notify.pager.PagerDutyEvents;
import com.penguinmails.alerthub.notify.posthog.PostHogEvents;
import com.penguinmails.alerthub.notify.ratelimit.RateLimiter;
import com.penguinmails.alerthub.notify.template.Templates;
import com.penguinmails.alerthub.notify.webhook.WebhookPayloads;
import com.penguinmails.alerthub.store.AlertStore;
import com.samskivert.mustache.Escapers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a group's notice out to its recipients: one message per channel and address, each onto that channel's own
 * queue ({@code seda:notify-<channel>}), so a hanging SMTP server delays no page. Remembers who was told.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final HubSettings settings;
    private final Router router;
    private final AlertStore store;
    private final Clock clock;
    private final ProducerTemplate producer;
    private final EmailComposer email;
    private final Templates templates;
    private final RateLimiter rateLimiter;
    private final ObjectMapper json = new ObjectMapper();

    public Notifier(HubSettings settings, Router router, AlertStore store, Clock clock, ProducerTemplate producer, Templates templates,
                    RateLimiter rateLimiter) {
        this.settings = settings;
        this.router = router;
        this.store = store;
        this.clock = clock;
        this.producer = producer;
        this.email = new EmailComposer(templates);
        this.templates = templates;
        this.rateLimiter = rateLimiter;
    }

    /** Called by the run-check route with every run's evaluation. */
    public void dispatch(@Body Evaluation evaluation) {
        if (evaluation.run().dryRun()) return;
        if (settings.posthogEnabled() && evaluation.run().finishedAt() != null) {
            posthog(List.of(PostHogEvents.healthSample(evaluation.run(), tier(evaluation).database())), null).forEach(this::send);
        }
        if (evaluation.notice() == Evaluation.Notice.NONE) return;
        TierSettings tier = tier(evaluation);
        IncidentType incident = router.matrix().incident(evaluation.run().check().incident()).orElseThrow();
        GroupNotice notice = GroupNotice.of(evaluation, settings.environment(), tier.hostAndDatabase(), tier.database(), incident, clock.instant());
        LOG.info("{} ({} row(s))", notice.title(), notice.shown().size() + notice.hidden());
        // the escalation timer works on the same group state: one at a time
        synchronized (this) {
            dispatch(evaluation, notice, incident);
        }
    }

    private void dispatch(Evaluation evaluation, GroupNotice notice, IncidentType incident) {
        AlertGroup group = evaluation.after();
        Instant now = notice.at();
        Optional<EscalationState> state = store.escalation(group.check(), group.tier());
        List<Channel> channels;
        List<String> emails;
        List<String> pagerKeys;
        List<Role> roles;
        if (notice.resolve()) {
            // who was told by any step, as stored now (the timer may have escalated since the run read the group)
            AlertGroup told = store.group(group.check(), group.tier()).orElse(group);
            channels = told.notifiedChannels().stream().map(Channel::parse).toList();
            emails = told.notifiedEmails();
            pagerKeys = told.notifiedPagerKeys();
            roles = notifiedRoles(incident.id(), notice.severity(), state);
        } else {
            Recipients r = router.firstStep(incident.id(), notice.severity());
            channels = r.channels();
            roles = r.roles();
            emails = emails(roles);
            pagerKeys = pagerKeys(roles);
            // a business-hours severity's step 1 waits for the calendar: until it went out, people hear nothing (PostHog
            // still records the alert); the escalation timer sends step 1 when the calendar opens
            boolean waits = EscalationPolicy.of(router.matrix(), incident.id(), notice.severity()).businessHours().isPresent();
            boolean step1Pending = notice.kind() == Evaluation.Notice.TRIGGER || state.map(st -> st.steps() == 0).orElse(false);
            if (waits && step1Pending) channels = channels.stream().filter(c -> c == Channel.POSTHOG).toList();
            boolean step1Now = channels.stream().anyMatch(c -> c != Channel.POSTHOG);
            if (notice.kind() == Evaluation.Notice.TRIGGER) {
                store.escalation(group.check(), group.tier(), EscalationState.start(notice.severity(), now, step1Now));
            } else {
                EscalationState before = state.orElse(EscalationState.start(evaluation.before().severity() != null
                        ? evaluation.before().severity() : notice.severity(), now, true));
                store.escalation(group.check(), group.tier(), before.severityChanged(notice.severity(), now, step1Now));
            }
        }
        List<String> emailsUsed = channels.contains(Channel.EMAIL) ? emails : List.of();
        Messages messages = messages(notice, channels, emails, pagerKeys, roles, true);
        // who is told is on record before anything is sent: a fast delivery must find the group's thread fresh
        if (notice.kind() == Evaluation.Notice.TRIGGER) {
            store.newThread(group.check(), group.tier());
            store.recipients(group.notified(emailsUsed, pagerKeysUsed(channels, pagerKeys), messages.channels()));
        } else if (!notice.resolve()) {
            AlertGroup told = store.group(group.check(), group.tier()).orElse(evaluation.before());
            store.recipients(told.notified(emailsUsed, pagerKeysUsed(channels, pagerKeys), messages.channels()));
        }
        messages.outgoing().forEach(this::send);
    }

    /** The roles of every step notified so far (step 1 at least): their own webhooks hear the resolve. */
    private List<Role> notifiedRoles(String incident, com.penguinmails.alerthub.threshold.Severity severity, Optional<EscalationState> state) {
        EscalationPolicy policy = EscalationPolicy.of(router.matrix(), incident, state.map(EscalationState::severity).orElse(severity));
        int steps = Math.max(1, state.map(EscalationState::steps).orElse(1));
        return policy.steps().stream().limit(steps).flatMap(step -> step.roles().stream()).distinct()
                .map(router.matrix().roles()::get).toList();
    }

    /**
     * Sends one entry of a group's escalation timeline (called by {@link com.penguinmails.alerthub.escalation.Escalations}
     * while it holds this notifier's lock) to that step's roles on that step's channels, and adds them to who is told,
     * so the resolve reaches them too.
     */
    public void escalate(AlertGroup group, String description, EscalationState state, TimelineEntry entry, String phrase) {
        IncidentType incident = router.matrix().incident(group.incident()).orElseThrow();
        TierSettings tier = tier(group.tier());
        List<Alert> firing = Reconciler.firing(store.openAlerts(group.check(), group.tier()));
        GroupNotice notice = GroupNotice.escalation(group.check(), description, group.tier(), settings.environment(), tier.hostAndDatabase(),
                tier.database(), incident, state.severity(), group.openedAt(), clock.instant(), group.dedupKey(), firing, entry.step(), phrase);
        LOG.info("{} ({} row(s))", notice.title(), notice.shown().size() + notice.hidden());
        List<Role> roles = entry.roles().stream().map(router.matrix().roles()::get).toList();
        List<String> emails = emails(roles);
        List<String> pagerKeys = pagerKeys(roles);
        // PostHog records alerts as they change, not who is called about them
        Messages messages = messages(notice, entry.channels(), emails, pagerKeys, roles, false);
        if (notice.threadStart()) store.newThread(group.check(), group.tier());
        AlertGroup told = store.group(group.check(), group.tier()).orElse(group);
        store.recipients(told.notified(entry.channels().contains(Channel.EMAIL) ? emails : List.of(),
                pagerKeysUsed(entry.channels(), pagerKeys), messages.channels()));
        messages.outgoing().forEach(this::send);
    }

    /** A rate limit's summary of what a role did not hear: by email and the role's own webhook ({@code id} its idempotency key). */
    public void summary(Role role, String id, String subject, String text, Map<String, Object> json) {
        role.email().ifPresent(to -> {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("To", to);
            headers.put("Subject", subject);
            headers.put("CamelMailAlternativeBody", text);
            send(new Outgoing(Channel.EMAIL, "<html><body><pre>" + Escapers.HTML.escape(text) + "</pre></body></html>", headers, null, null, to));
        });
        role.webhook().ifPresent(url -> {
            Map<String, Object> headers = jsonHeaders();
            headers.put("Idempotency-Key", id);
            send(new Outgoing(Channel.WEBHOOK, toJson(json), headers, null, url, url));
        });
    }

    /** What goes out on each channel, and which channels actually had somebody to send to. */
    private record Messages(List<Outgoing> outgoing, List<String> channels) {
    }

    private Messages messages(GroupNotice notice, List<Channel> channels, List<String> emails, List<String> pagerKeys,
                              List<Role> roles, boolean alertEvents) {
        // roles over their rate limit do not hear this one: it waits for their summary (notify/ratelimit)
        RateLimiter.Admission admission = rateLimiter.admit(notice, roles, channels);
        emails = admission.keep(emails, roles, Role::email);
        // a resolve still closes the page it ends: the summary cannot
        if (!notice.resolve()) pagerKeys = admission.keep(pagerKeys, roles, Role::pagerKey);
        roles = admission.heard(roles);
        List<Outgoing> outgoing = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Channel channel : channels) {
            List<Outgoing> messages = switch (channel) {
                case EMAIL -> email(notice, emails);
                case PAGER -> pager(notice, pagerKeys);
                case WEBHOOK -> webhook(notice, roles);
                case POSTHOG -> alertEvents && settings.posthogEnabled() ? posthog(PostHogEvents.alertEvents(notice), notice) : List.of();
            };
            if (!messages.isEmpty()) used.add(channel.label());
            outgoing.addAll(messages);
        }
        return new Messages(outgoing, used);
    }

    private static List<String> emails(List<Role> roles) {
        return roles.stream().flatMap(role -> role.email().stream()).distinct().toList();
    }

    private static List<String> pagerKeys(List<Role> roles) {
        return roles.stream().flatMap(role -> role.pagerKey().stream()).distinct().toList();
    }

    /** One message for one channel and target, ready to go. */
    private record Outgoing(Channel channel, String body, Map<String, Object> headers, GroupNotice notice, String url, String target) {
    }

    private List<String> pagerKeysUsed(List<Channel> channels, List<String> pagerKeys) {
        return settings.pagerEnabled() && channels.contains(Channel.PAGER) ? pagerKeys : List.of();
    }

    private List<Outgoing> email(GroupNotice notice, List<String> to) {
        if (to.isEmpty()) return List.of();
        EmailComposer.Email mail = email.compose(notice);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("To", String.join(",", to));
        headers.put("Subject", mail.subject());
        headers.put("CamelMailAlternativeBody", mail.text());
        return List.of(new Outgoing(Channel.EMAIL, mail.html(), headers, notice, null, String.join(",", to)));
    }

    private List<Outgoing> pager(GroupNotice notice, List<String> keys) {
        if (!settings.pagerEnabled()) return List.of();
        String summary = templates.render(Channel.PAGER, "summary", notice);
        return keys.stream().map(key -> new Outgoing(Channel.PAGER, toJson(PagerDutyEvents.event(notice, key, summary)), jsonHeaders(), notice,
                settings.pagerUrl(), key)).toList();
    }

    private List<Outgoing> webhook(GroupNotice notice, List<Role> roles) {
        Map<String, String> targets = new LinkedHashMap<>();
        if (settings.webhookEnabled()) targets.put(settings.webhookUrl(), "");
        roles.forEach(r -> r.webhook().ifPresent(url -> targets.putIfAbsent(url, r.id())));
        List<Outgoing> out = new ArrayList<>();
        String title = templates.render(Channel.WEBHOOK, "title", notice);
        String text = templates.render(Channel.WEBHOOK, "text", notice);
        targets.forEach((url, role) -> {
            Map<String, Object> headers = jsonHeaders();
            headers.put("Idempotency-Key", notice.id() + (role.isEmpty() ? "" : "-" + role));
            out.add(new Outgoing(Channel.WEBHOOK, toJson(WebhookPayloads.payload(notice, role, title, text)), headers, notice, url, url));
        });
        return out;
    }

    private List<Outgoing> posthog(List<Map<String, Object>> events, GroupNotice notice) {
        List<Map<String, Object>> valid = events.stream().filter(ev -> {
            String problem = PostHogEvents.problem(ev);
            if (problem != null) LOG.error("not sending a PostHog event PostHog would drop: {}", problem);
            return problem == null;
        }).toList();
        if (valid.isEmpty()) return List.of();
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("api_key", settings.posthogApiKey());
        batch.put("batch", valid);
        String url = settings.posthogHost().replaceAll("/+$", "") + "/batch/";
        return List.of(new Outgoing(Channel.POSTHOG, toJson(batch), jsonHeaders(), notice, url, url));
    }

    /** Onto the channel's own queue; {@code target} (routing key, recipients, URL) is for the channel's health. */
    private void send(Outgoing o) {
        producer.send("seda:notify-" + o.channel().label(), exchange -> {
            exchange.getMessage().setBody(o.body());
            exchange.getMessage().setHeaders(o.headers());
            Optional.ofNullable(o.url()).ifPresent(u -> exchange.setProperty(Deliveries.URL, u));
            exchange.setProperty(Deliveries.CHANNEL, o.channel());
            exchange.setProperty(Deliveries.TARGET, o.target());
            if (o.notice() != null) {
                exchange.setProperty(Deliveries.WHAT, o.notice().title());
                exchange.setProperty(Deliveries.GROUP, new String[] {o.notice().check(), o.notice().tier()});
                exchange.setProperty(Deliveries.THREAD_START, o.notice().threadStart());
            }
        });
    }

    private static Map<String, Object> jsonHeaders() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("CamelHttpMethod", "POST");
        return h;
    }

    private TierSettings tier(Evaluation e) {
        return tier(e.run().tier());
    }

    private TierSettings tier(String name) {
        // a tier removed from the configuration still gets its alerts' resolve
        return settings.tier(name).orElse(new TierSettings(name, "jdbc:postgresql://removed/" + name, "", "", 0, 0));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write notification JSON", ex);
        }
    }
}
