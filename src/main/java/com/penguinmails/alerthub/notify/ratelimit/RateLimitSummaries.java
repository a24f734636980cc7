package com.penguinmails.alerthub.notify.ratelimit;

import com.penguinmails.alerthub.escalation.ContactMatrix;
import com.penguinmails.alerthub.notify.Notifier;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * On every escalation tick ({@code direct:escalate}): one summary to each role whose rate-limit window ended with
 * notices held back, by email and the role's own webhook. PagerDuty gets none: an incident nobody resolves would be
 * worse than the storm, and the role was paged {@code max} times in the window already.
 */
public final class RateLimitSummaries {

    private final RateLimiter limiter;
    private final ContactMatrix matrix;
    private final Notifier notifier;
    private final String environment;

    public RateLimitSummaries(RateLimiter limiter, ContactMatrix matrix, Notifier notifier, String environment) {
        this.limiter = limiter;
        this.matrix = matrix;
        this.notifier = notifier;
        this.environment = environment;
    }

    /** Sends the summaries that are due; answers how many. */
    public int flush() {
        var due = limiter.due(matrix.roles());
        for (RateLimiter.Summary s : due) {
            String headline = s.held().size() + " more notification" + (s.held().size() == 1 ? "" : "s") + " for " + s.role().name() + " in the last " + s.window().toMinutes() + " min";
            StringBuilder text = new StringBuilder(headline).append(", held back by the rate limit:\n\n");
            s.held().forEach(h -> text.append("  ").append(h.at()).append("  ").append(h.title()).append('\n'));
            text.append("\nEach alert as it is now: GET /api/alerts\n");
            String id = UUID.randomUUID().toString();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("notice", "rate_limit_summary");
            json.put("role", s.role().id());
            json.put("title", headline);
            json.put("text", text.toString());
            json.put("held", s.held().stream().map(h -> Map.of("at", h.at().toString(), "title", h.title())).toList());
            notifier.summary(s.role(), id, "[" + environment.toUpperCase(Locale.ROOT) + "] " + headline, text.toString(), json);
        }
        return due.size();
    }
}
