package com.penguinmails.alerthub.escalation;

import java.time.Duration;
import java.util.List;

/** One level of an escalation path: these roles, notified {@code after} the alert first fired if nobody acknowledged. */
public record EscalationStep(List<String> roles, Duration after) {
}
