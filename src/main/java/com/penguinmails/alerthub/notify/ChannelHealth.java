package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.escalation.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Each channel's delivery state, for /health: up, down (with the last error), or off (not configured).
 * A channel is down while any of its targets (a routing key, an address list, a URL) failed its last delivery:
 * one person's page going through does not hide another person's page failing for good.
 */
public final class ChannelHealth {

    /** @param failed notifications given up on (dead); {@code retried} failed attempts that will be tried again */
    public record State(String status, Instant lastSuccess, Instant lastFailure, String lastError, long delivered, long failed,
                        long retried) {
    }

    private final Clock clock;
    private final Map<Channel, State> states = new EnumMap<>(Channel.class);
    private final Map<Channel, Set<String>> failingTargets = new EnumMap<>(Channel.class);

    public ChannelHealth(Clock clock, Map<Channel, Boolean> enabled) {
        this.clock = clock;
        enabled.forEach((channel, on) -> {
            states.put(channel, new State(on ? "up" : "off", null, null, null, 0, 0, 0));
            failingTargets.put(channel, new HashSet<>());
        });
    }

    /** @param target what the delivery went to; only compared, never shown (a routing key is a secret) */
    public synchronized void delivered(Channel channel, String target) {
        Set<String> failing = failingTargets.get(channel);
        failing.remove(target);
        State s = states.get(channel);
        states.put(channel, new State(failing.isEmpty() ? "up" : "down", clock.instant(), s.lastFailure(), s.lastError(),
                s.delivered() + 1, s.failed(), s.retried()));
    }

    /** @param dead the notification was given up on; otherwise it is retried */
    public synchronized void failed(Channel channel, String target, String error, boolean dead) {
        failingTargets.get(channel).add(target);
        State s = states.get(channel);
        states.put(channel, new State("down", s.lastSuccess(), clock.instant(), error, s.delivered(), s.failed() + (dead ? 1 : 0),
                s.retried() + (dead ? 0 : 1)));
    }

    public synchronized Map<Channel, State> snapshot() {
        return new EnumMap<>(states);
    }
}
