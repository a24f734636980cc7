package com.penguinmails.alerthub.notify;

import com.penguinmails.alerthub.escalation.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Each channel's delivery state, for /health: up, down (with the last error), or off (not configured). */
public final class ChannelHealth {

    public record State(String status, Instant lastSuccess, Instant lastFailure, String lastError, long delivered, long failed) {
    }

    private final Clock clock;
    private final Map<Channel, State> states = new EnumMap<>(Channel.class);

    public ChannelHealth(Clock clock, Map<Channel, Boolean> enabled) {
        this.clock = clock;
        enabled.forEach((channel, on) -> states.put(channel, new State(on ? "up" : "off", null, null, null, 0, 0)));
    }

    public synchronized void delivered(Channel channel) {
        State s = states.get(channel);
        states.put(channel, new State("up", clock.instant(), s.lastFailure(), s.lastError(), s.delivered() + 1, s.failed()));
    }

    public synchronized void failed(Channel channel, String error) {
        State s = states.get(channel);
        states.put(channel, new State("down", s.lastSuccess(), clock.instant(), error, s.delivered(), s.failed() + 1));
    }

    public synchronized Map<Channel, State> snapshot() {
        return new EnumMap<>(states);
    }
}
