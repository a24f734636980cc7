package com.penguinmails.alerthub.testkit;

import java.util.Map;
import java.util.Set;

/** A dead man's switch at {@code GET /ping} (like healthchecks.io): counts the pings it got. */
public final class HeartbeatReceiver implements AutoCloseable {

    private final Journal<Map<String, String>> pings = new Journal<>();
    private final JsonEndpoint endpoint;

    private HeartbeatReceiver() {
        endpoint = JsonEndpoint.start(Set.of("/ping"), "GET", request -> {
            pings.add(request.headers());
            return JsonEndpoint.Response.json(200, Map.of("ok", true));
        });
    }

    public static HeartbeatReceiver start() {
        return new HeartbeatReceiver();
    }

    /** http://127.0.0.1:PORT/ping */
    public String url() {
        return endpoint.base() + "/ping";
    }

    public int pings() {
        return pings.all().size();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
