package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.ack.AckLinks;
import com.penguinmails.alerthub.alert.Acknowledgement;
import com.penguinmails.alerthub.alert.Alert;
import com.penguinmails.alerthub.alert.AlertChange;
import com.penguinmails.alerthub.alert.AlertGroup;
import com.penguinmails.alerthub.alert.Fingerprint;
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
import com.penguinmails.alerthub.mute.MutedGroups;
import com.penguinmails.alerthub.notify.email.EmailComposer;
import com.penguinmails.alerthub.notify.pager.PagerDutyEvents;
import com.penguinmails.alerthub.notify.posthog.PostHogEvents;
import com.penguinmails.alerthub.notify.ratelimit.RateLimiter;
import com.penguinmails.alerthub.notify.template.Templates;
import com.penguinmails.alerthub.notify.webhook.WebhookPayloads;
import com.penguinmails.alerthub.store.AlertStore;
import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a group's notice out to its recipients: one message per channel and address, written to the outbox in the
 * caller's transaction (the alert change that caused it) and delivered by the relay once that commits. Remembers
 * who was told.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final java.util.Set<String> HUB_OWN_RUNS = java.util.Set.of("probe", "watchdog");

    private final HubSettings settings;
    private final Router router;
    private final AlertStore store;
    private final Clock clock;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final MutedGroups mutes;
    private final EmailComposer email;
    private final AckLinks ackLinks;
    private final Templates templates;
    private final RateLimiter rateLimiter;

    public Notifier(HubSettings settings, Router router, AlertStore store, Clock clock, Outbox outbox, OutboxRelay relay, AckLinks ackLinks,
                    MutedGroups mutes, Templates templates, RateLimiter rateLimiter) {
        this.settings = settings;
        this.router = router;
        this.store = store;
        this.clock = clock;
        this.outbox = outbox;
        this.relay = relay;
        this.mutes = mutes;
        this.email = new EmailComposer(templates);
        this.ackLinks = ackLinks;
        this.templates = templates;
        this.rateLimiter = rateLimiter;
    }

    /** Called with every run's evaluation, under the group's lock, in the transaction that saved it (alert.Outcomes). */
    public void dispatch(@Body Evaluation evaluation) {
        if (evaluation.run().dryRun()) return;
        // a tier probe or the watchdog's look at the schedules is the hub's own, not a run of a check: no sample
        if (settings.posthogEnabled() && evaluation.run().finishedAt() != null && !HUB_OWN_RUNS.contains(evaluation.run().trigger())) {
            send(posthog(List.of(PostHogEvents.healthSample(evaluation.run(), tier(evaluation).database())), null));
        }
        List<AlertChange> flaps = evaluation.changes().stream()
                .filter(c -> c.kind() == AlertChange.Kind.FLAPPING_STARTED || c.kind() == AlertChange.Kind.FLAPPING_STOPPED).toList();
        if (evaluation.notice() == Evaluation.Notice.NONE && flaps.isEmpty()) return;
        TierSettings tier = tier(evaluation);
        IncidentType incident = router.matrix().incident(evaluation.run().check().incident()).orElseThrow();
        // a flapping stop comes before what it lets through (the trigger or resolve it held back); a muted group's
        // notice is recorded and held, and the escalation tick tells it when the mute ends
        for (AlertChange flap : flaps) {
            if (mutes.holdsFlapping(evaluation.after(), flap)) continue;
            flapping(GroupNotice.flapping(evaluation.run().check().name(), evaluation.run().check().description(), evaluation.run().tier(),
                    evaluation.after().dedupKey(), flap, settings.environment(), tier.hostAndDatabase(), tier.database(), incident,
                    clock.instant()));
        }
        if (evaluation.notice() == Evaluation.Notice.NONE) return;
        GroupNotice notice = GroupNotice.of(evaluation, settings.environment(), tier.hostAndDatabase(), tier.database(), incident, clock.instant());
        LOG.info("{} ({} row(s))", notice.title(), notice.shown().size() + notice.hidden());
        dispatch(evaluation, notice, incident);
    }

    /**
     * A flapping notice goes to step 1 of the alert's policy on its severity's channels, once; PagerDuty hears nothing
     * (its incident stays as it was) and who was told does not change.
     */
    private void flapping(GroupNotice notice) {
        LOG.info("{}: {}", notice.title(), notice.headline());
        Recipients r = router.firstStep(notice.incident().id(), notice.severity());
        send(messages(notice, r.channels(), emails(r.roles()), pagerKeys(r.roles()), r.roles(), true).outgoing());
    }

    /**
     * A flapping notice a mute held back, told when the mute ended (by the escalation tick, under the group's lock, in its
     * transaction): {@code flap} is the alert's flapping as it is now.
     */
    public void heldFlapping(AlertGroup group, String description, AlertChange flap) {
        TierSettings tier = tier(group.tier());
        IncidentType incident = router.matrix().incident(flap.alert().incident()).orElseThrow();
        flapping(GroupNotice.flapping(group.check(), description, group.tier(), group.dedupKey(), flap, settings.environment(),
                tier.hostAndDatabase(), tier.database(), incident, clock.instant()));
    }

    private void dispatch(Evaluation evaluation, GroupNotice notice, IncidentType incident) {
        AlertGroup group = evaluation.after();
        // silenced, in maintenance or inhibited: recorded, nobody told; the escalation tick sends it when the mute ends
        if (mutes.holds(group, notice.kind(), evaluation.changes())) return;
        Instant now = notice.at();
        Optional<EscalationState> state = store.escalation(group.check(), group.tier());
        List<Channel> channels;
        List<String> emails;
        List<String> pagerKeys;
        List<Role> roles;
        if (notice.resolve()) {
            // who was told by any step, as stored now (the timer may have escalated since the run read the group)
            Told told = told(store.group(group.check(), group.tier()).orElse(group), incident.id(), notice.severity(), state);
            channels = told.channels();
            emails = told.emails();
            pagerKeys = told.pagerKeys();
            roles = told.roles();
        } else {
            Recipients r = router.firstStep(incident.id(), notice.severity());
            channels = r.channels();
            roles = r.roles();
            emails = emails(roles);
            pagerKeys = pagerKeys(roles);
            Optional<Acknowledgement> ack = risen(evaluation) ? store.acknowledgement(group.check(), group.tier()) : Optional.empty();
            if (ack.isPresent()) {
                // a rise of an acknowledged group: whoever acknowledged is among everyone told so far, and they all hear it
                Told told = told(store.group(group.check(), group.tier()).orElse(group), incident.id(), notice.severity(), state);
                emails = union(emails, told.emails());
                pagerKeys = union(pagerKeys, told.pagerKeys());
                roles = union(roles, told.roles());
                notice = notice.withAck(ack.get());
            }
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
        send(messages.outgoing());
    }

    /** Everyone told about the group so far, by any step: who hears its resolve and its acknowledgement. */
    private record Told(List<Channel> channels, List<String> emails, List<String> pagerKeys, List<Role> roles) {
    }

    private Told told(AlertGroup group, String incident, com.penguinmails.alerthub.threshold.Severity severity, Optional<EscalationState> state) {
        return new Told(group.notifiedChannels().stream().map(Channel::parse).toList(), group.notifiedEmails(), group.notifiedPagerKeys(),
                notifiedRoles(incident, severity, state));
    }

    /** The roles of every step notified so far (step 1 at least): their own webhooks hear the resolve. */
    private List<Role> notifiedRoles(String incident, com.penguinmails.alerthub.threshold.Severity severity, Optional<EscalationState> state) {
        EscalationPolicy policy = EscalationPolicy.of(router.matrix(), incident, state.map(EscalationState::severity).orElse(severity));
        int steps = Math.max(1, state.map(EscalationState::steps).orElse(1));
        return policy.steps().stream().limit(steps).flatMap(step -> step.roles().stream()).distinct()
                .map(router.matrix().roles()::get).toList();
    }

    private static boolean risen(Evaluation e) {
        return e.notice() == Evaluation.Notice.UPDATE && e.before().severity() != null && e.after().severity() != null
                && e.after().severity().compareTo(e.before().severity()) > 0;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    /**
     * Tells everyone told so far that the group was acknowledged (the caller holds the group's lock, in its transaction): email as a reply
     * in the group's thread, PagerDuty {@code acknowledge} to each routing key that got the trigger, the webhooks with an
     * {@code acknowledged} event, PostHog {@code db_alert_acknowledged} with the time to acknowledge.
     */
    public void acknowledged(String check, String tier, String description, Acknowledgement ack) {
        AlertGroup group = store.group(check, tier).orElseThrow();
        IncidentType incident = router.matrix().incident(group.incident()).orElseThrow();
        TierSettings source = tier(tier);
        GroupNotice notice = GroupNotice.acknowledged(check, description, tier, settings.environment(), source.hostAndDatabase(),
                source.database(), incident, group.severity(), group.openedAt(), group.dedupKey(),
                Reconciler.firing(store.openAlerts(check, tier)), ack);
        LOG.info("{} {}", notice.title(), ack.describe());
        Told told = told(group, incident.id(), group.severity(), store.escalation(check, tier));
        send(messages(notice, told.channels(), told.emails(), told.pagerKeys(), told.roles(), true).outgoing());
    }

    /**
     * Sends one entry of a group's escalation timeline (called by {@link com.penguinmails.alerthub.escalation.Escalations}
     * under the group's lock, in its transaction) to that step's roles on that step's channels, and adds them to who is told,
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
        send(messages.outgoing());
    }

    /** A rate limit's summary of what a role did not hear: by email and the role's own webhook ({@code id} its idempotency key). */
    public void summary(Role role, String id, String subject, String text, Map<String, Object> json) {
        role.email().ifPresent(to -> {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("To", to);
            headers.put("Subject", subject);
            headers.put("CamelMailAlternativeBody", text);
            send(List.of(new Outgoing(Channel.EMAIL, EmailComposer.plain(subject, text).html(), headers, null, null, to, role.id())));
        });
        role.webhook().ifPresent(url -> {
            Map<String, Object> headers = JsonMessages.headers();
            headers.put("Idempotency-Key", id);
            send(List.of(new Outgoing(Channel.WEBHOOK, JsonMessages.write(json), headers, null, url, url, role.id())));
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
                case EMAIL -> email(notice, emails, roles);
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

    /**
     * One message for one channel and target, ready to go; {@code role} names whose address {@code target} is (several,
     * comma-separated, for one email to several people), so a failing channel can fall back to the same people.
     */
    private record Outgoing(Channel channel, String body, Map<String, Object> headers, GroupNotice notice, String url, String target,
                            String role) {
    }

    private List<String> pagerKeysUsed(List<Channel> channels, List<String> pagerKeys) {
        return settings.pagerEnabled() && channels.contains(Channel.PAGER) ? pagerKeys : List.of();
    }

    private List<Outgoing> email(GroupNotice notice, List<String> to, List<Role> roles) {
        if (to.isEmpty()) return List.of();
        List<EmailComposer.AckLink> links = notice.firing()
                ? to.stream().map(address -> new EmailComposer.AckLink(address, ackLinks.link(notice.check(), notice.tier(), notice.openedAt(), address))).toList()
                : List.of();
        EmailComposer.Email mail = email.compose(notice, links);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("To", String.join(",", to));
        headers.put("Subject", mail.subject());
        headers.put("CamelMailAlternativeBody", mail.text());
        String whose = roles.stream().filter(r -> r.email().filter(to::contains).isPresent()).map(Role::id).collect(Collectors.joining(","));
        return List.of(new Outgoing(Channel.EMAIL, mail.html(), headers, notice, null, String.join(",", to), whose));
    }

    private List<Outgoing> pager(GroupNotice notice, List<String> keys) {
        if (!settings.pagerEnabled() || notice.flapping()) return List.of();
        String summary = templates.render(Channel.PAGER, "summary", notice);
        return keys.stream().map(key -> new Outgoing(Channel.PAGER, JsonMessages.write(PagerDutyEvents.event(notice, key, summary)), JsonMessages.headers(), notice,
                settings.pagerUrl(), key, router.matrix().roles().values().stream().filter(r -> r.pagerKey().filter(key::equals).isPresent())
                        .map(Role::id).findFirst().orElse(""))).toList();
    }

    private List<Outgoing> webhook(GroupNotice notice, List<Role> roles) {
        Map<String, String> targets = new LinkedHashMap<>();
        if (settings.webhookEnabled()) targets.put(settings.webhookUrl(), "");
        roles.forEach(r -> r.webhook().ifPresent(url -> targets.putIfAbsent(url, r.id())));
        List<Outgoing> out = new ArrayList<>();
        String title = templates.render(Channel.WEBHOOK, "title", notice);
        String text = templates.render(Channel.WEBHOOK, "text", notice);
        targets.forEach((url, role) -> {
            Map<String, Object> headers = JsonMessages.headers();
            headers.put("Idempotency-Key", notice.id() + (role.isEmpty() ? "" : "-" + role));
            out.add(new Outgoing(Channel.WEBHOOK, JsonMessages.write(WebhookPayloads.payload(notice, role, title, text)), headers, notice, url, url, role));
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
        return List.of(new Outgoing(Channel.POSTHOG, JsonMessages.write(batch), JsonMessages.headers(), notice, url, url, ""));
    }

    /**
     * Into the outbox, in the caller's transaction; the relay is woken once it commits. A group's emails share one
     * lane (a reply must follow its trigger); pages and webhooks have a lane per routing key or URL.
     */
    private void send(List<Outgoing> messages) {
        if (messages.isEmpty()) return;
        outbox.add(messages.stream().map(o -> {
            GroupNotice n = o.notice();
            String check = n == null ? null : n.check();
            String tier = n == null ? null : n.tier();
            String lane = Fingerprint.lane(check, tier, o.channel().label(), o.channel() == Channel.EMAIL ? "" : o.target());
            // without a notice: a health sample (PostHog) or a rate limit's summary
            String kind = n != null ? n.kind().name().toLowerCase() : o.channel() == Channel.POSTHOG ? "sample" : "summary";
            String title = n != null ? n.title() : String.valueOf(o.headers().getOrDefault("Subject", kind));
            return new Outbox.Message(o.channel(), kind, lane, check, tier, o.role(), title, o.target(), o.url(), o.headers(), o.body(),
                    n != null && n.threadStart());
        }).toList(), clock.instant());
        relay.wakeAfterCommit();
    }


    private TierSettings tier(Evaluation e) {
        return tier(e.run().tier());
    }

    private TierSettings tier(String name) {
        // a tier removed from the configuration still gets its alerts' resolve
        return settings.tier(name).orElse(new TierSettings(name, "jdbc:postgresql://removed/" + name, "", "", 0, 0));
    }

}
