package com.penguinmails.alerthub.escalation;

import com.penguinmails.alerthub.config.Secrets;
import java.util.Optional;

/**
 * A person or team that can be notified. An address the runbook does not give is {@code unset} in the matrix
 * and empty here.
 */
public record Role(String id, String name, Optional<String> email, Optional<String> pagerKey, Optional<String> webhook) {

    public boolean reachableBy(Channel channel, boolean globalWebhook) {
        return switch (channel) {
            case EMAIL -> email.isPresent();
            case PAGER -> pagerKey.isPresent();
            case WEBHOOK -> webhook.isPresent() || globalWebhook;
            case POSTHOG -> true;
        };
    }

    @Override
    public String toString() {
        return "Role[" + id + " email=" + email.orElse("unset") + " pager=" + pagerKey.map(Secrets::mask).orElse("unset")
                + " webhook=" + webhook.orElse("unset") + "]";
    }
}
