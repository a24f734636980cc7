package com.penguinmails.alerthub.api;

import com.penguinmails.alerthub.config.HubSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** Bearer tokens from {@code hub.api.tokens.<name>=<role>:<secret>}; roles viewer < operator < admin. */
public final class ApiAuth {

    private static final List<String> ROLES = List.of("viewer", "operator", "admin");
    public static final String CALLER = "hubCaller";

    private final Map<String, HubSettings.ApiToken> tokens;

    public ApiAuth(Map<String, HubSettings.ApiToken> tokens) {
        this.tokens = tokens;
    }

    public void viewer(Exchange exchange) {
        require(exchange, "viewer");
    }

    public void operator(Exchange exchange) {
        require(exchange, "operator");
    }

    private void require(Exchange exchange, String role) {
        if (tokens.isEmpty()) {
            throw new ApiException(503, "the API has no token configured: set hub.api.tokens.<name>=<viewer|operator|admin>:<secret>"
                    + " (for example the environment variable HUB_API_TOKENS_OPS=operator:<secret>) and restart");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "missing bearer token: send 'Authorization: Bearer <secret>'");
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        HubSettings.ApiToken token = tokens.values().stream()
                .filter(t -> MessageDigest.isEqual(t.secret().getBytes(StandardCharsets.UTF_8), presented))
                .findFirst().orElseThrow(() -> new ApiException(401, "unknown bearer token"));
        if (ROLES.indexOf(token.role()) < ROLES.indexOf(role)) {
            throw new ApiException(403, "token '" + token.name() + "' has role " + token.role() + "; this needs " + role);
        }
        exchange.setProperty(CALLER, token.name());
        exchange.getMessage().removeHeader("Authorization");
    }
}
