package com.penguinmails.alerthub.escalation;

import java.time.Duration;
import java.util.List;

/**
 * One step of an escalation policy: these roles, on these channels, {@code after} the first notification if nobody
 * acknowledged (working time when the policy counts business hours).
 */
public record EscalationStep(int number, List<String> roles, List<Channel> channels, Duration after) {
}
