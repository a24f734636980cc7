package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The testkit tests' HTTP client: real requests, so the fakes are checked on the wire. */
final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private Http() {
    }

    static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return post(url, json, TIMEOUT);
    }

    static HttpResponse<String> post(String url, String json, Duration timeout) throws IOException, InterruptedException {
        return CLIENT.send(request(url, timeout).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(request(url, TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> body(HttpResponse<String> response) {
        return Json.object(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(String url, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json");
    }
}
