package com.penguinmails.alerthub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.penguinmails.alerthub.alert.Fingerprint;
import com.penguinmails.alerthub.config.HubSettings;
import com.penguinmails.alerthub.escalation.Channel;
import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.escalation.Role;
import com.penguinmails.alerthub.notify.email.EmailComposer;
import com.penguinmails.alerthub.notify.posthog.PostHogEvents;
import com.penguinmails.alerthub.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What happens when a notification keeps failing: the same people hear it another way (the matrix's {@code fallback},
 * by default pager -> email and webhook, email -> webhook, webhook -> email), and when they have no other way, or that
 * fails too, the next person in the matrix's chain does. PostHog records {@code db_alert_delivery_failed}. Each failing notification falls back once.
 */
public final class Fallback {

    static final String KIND = "fallback";

    private final HubSettings settings;
    private final Supplier<ContactMatrix> matrix;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public Fallback(HubSettings settings, Supplier<ContactMatrix> matrix, Outbox outbox, OutboxRelay relay, Clock clock) {
        this.settings = settings;
        this.matrix = matrix;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    /** Enqueues the fallback of a failing notification, in the caller's transaction; nothing when it already fell back. */
    void apply(Outbox.Entry failing, String reason) {
        Outbox.Message m = failing.message();
        if (m.channel() == Channel.POSTHOG || !outbox.markFellBack(failing.id())) return;
        Instant now = clock.instant();
        List<Outbox.Message> out = new ArrayList<>();
        // a fallback that fails too goes to the next person; so does a role with no other way to be reached
        List<Role> people = KIND.equals(m.kind()) ? List.of() : roles(m.role());
        List<Channel> ways = matrix.get().fallback().getOrDefault(m.channel(), List.of());
        for (Role r : people) out.addAll(messages(failing, reason, r, ways));
        if (out.isEmpty()) next(people.isEmpty() ? roles(m.role()) : people).ifPresent(r -> out.addAll(messages(failing, reason, r, ways)));
        if (settings.posthogEnabled()) out.add(deliveryFailed(failing, reason, now));
        outbox.add(out, now);
        relay.wakeAfterCommit();
    }


    /** The roles a notification went to; the global webhook belongs to nobody, so the chain's first role hears it. */
    private List<Role> roles(String ids) {
        ContactMatrix mx = matrix.get();
        List<String> named = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (named.isEmpty()) named = mx.chain().stream().limit(1).toList();
        return named.stream().map(mx.roles()::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The person after the last of {@code roles} in the general chain. */
    private Optional<Role> next(List<Role> roles) {
        List<String> chain = matrix.get().chain();
        int last = roles.stream().mapToInt(r -> chain.indexOf(r.id())).max().orElse(-1);
        return chain.stream().skip(last + 1L).findFirst().map(matrix.get().roles()::get);
    }

    private List<Outbox.Message> messages(Outbox.Entry failing, String reason, Role role, List<Channel> ways) {
        Outbox.Message m = failing.message();
        String subject = "[DELIVERY FAILED] " + m.title();
        String text = "The hub could not deliver this " + m.channel().label() + " notification to " + role.name() + " ("
                + reason + "). It keeps trying; this message is the fallback.\n\n" + m.title()
                + summary(m).map(s -> "\n" + s).orElse("") + "\n\nCheck: " + m.check() + "\nTier: " + m.tier() + "\n";
        List<Outbox.Message> out = new ArrayList<>();
        if (ways.contains(Channel.EMAIL) && role.email().isPresent()) {
            EmailComposer.Email mail = EmailComposer.plain(subject, text);
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("To", role.email().get());
            headers.put("Subject", mail.subject());
            headers.put("CamelMailAlternativeBody", mail.text());
            out.add(message(m, Channel.EMAIL, role, role.email().get(), null, headers, mail.html(), ""));
        }
        Optional<String> hook = role.webhook().or(() -> settings.webhookEnabled() ? Optional.of(settings.webhookUrl()) : Optional.empty());
        if (ways.contains(Channel.WEBHOOK) && hook.isPresent()) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("event", "delivery_failed");
            payload.put("title", subject);
            payload.put("text", text);
            payload.put("failed_channel", m.channel().label());
            payload.put("role", role.id());
            payload.put("error", reason);
            payload.put("check", m.check());
            payload.put("tier", m.tier());
            Map<String, Object> headers = JsonMessages.headers();
            headers.put("Idempotency-Key", "fallback-" + failing.id() + "-" + role.id());
            out.add(message(m, Channel.WEBHOOK, role, hook.get(), hook.get(), headers, JsonMessages.write(payload), hook.get()));
        }
        return out;
    }

    private Outbox.Message message(Outbox.Message failing, Channel channel, Role role, String target, String url,
                                   Map<String, Object> headers, String body, String laneTarget) {
        return new Outbox.Message(channel, KIND, Fingerprint.lane(failing.check(), failing.tier(), channel.label(), laneTarget),
                failing.check(), failing.tier(), role.id(), "[DELIVERY FAILED] " + failing.title(), target, url, headers, body, false);
    }

    /** A page carries its own one-line summary; show it. */
    private Optional<String> summary(Outbox.Message m) {
        if (m.channel() != Channel.PAGER) return Optional.empty();
        try {
            return Optional.ofNullable(json.readTree(m.body()).path("payload").path("summary").textValue());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private Outbox.Message deliveryFailed(Outbox.Entry failing, String reason, Instant now) {
        Outbox.Message m = failing.message();
        String database = m.tier() == null ? "alert-hub" : settings.tier(m.tier()).map(t -> t.database()).orElse(m.tier());
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("api_key", settings.posthogApiKey());
        batch.put("batch", List.of(PostHogEvents.deliveryFailed(m.check(), m.tier(), database, m.channel().label(), m.role(),
                failing.attempts() + 1, reason, now)));
        String url = settings.posthogHost().replaceAll("/+$", "") + "/batch/";
        return new Outbox.Message(Channel.POSTHOG, KIND, Fingerprint.lane(m.check(), m.tier(), Channel.POSTHOG.label(), url), m.check(),
                m.tier(), "", "delivery failed: " + m.title(), url, url, JsonMessages.headers(), JsonMessages.write(batch), false);
    }


}
