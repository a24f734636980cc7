package com.penguinmails.alerthub.escalation;

import java.time.Instant;
import java.util.List;

/** One notification of an escalation timeline; {@code repeat}: this step's roles were notified before. */
public record TimelineEntry(Instant at, int step, List<String> roles, List<Channel> channels, boolean repeat) {
}
