package com.penguinmails.alerthub.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A loopback HTTP server taking JSON POSTs on a few exact paths. Routing, method checks and
 * answering live here so each receiver only decides what a body means.
 */
final class JsonEndpoint implements AutoCloseable {

    /** Header names are lower-cased; repeated headers are joined with ", " as HTTP allows. */
    record Request(Map<String, String> headers, byte[] body) {
    }

    record Response(int status, Object body, Map<String, String> headers) {

        static Response json(int status, Object body) {
            return new Response(status, body, Map.of());
        }
    }

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY each answer waits for the client's
        // delayed ACK (about 40 ms), which every test that awaits a delivery would pay
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicReference<HeldAnswer> holdNext = new AtomicReference<>();

    private JsonEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Only the listed paths exist: a sender posting to a near-miss path must see 404, not success. */
    static JsonEndpoint start(Set<String> paths, Function<Request, Response> handler) {
        return start(paths, "POST", handler);
    }

    /** As {@link #start(Set, Function)}, for requests of another method (a heartbeat ping is a GET). */
    static JsonEndpoint start(Set<String> paths, String method, Function<Request, Response> handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
            // a thread per request: one held answer (holdNextAnswer) must not hold up the other senders' requests
            ExecutorService threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            JsonEndpoint endpoint = new JsonEndpoint(server, threads);
            server.createContext("/", exchange -> endpoint.serve(exchange, paths, method, handler));
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A handler for a receiver that judges JSON objects: a queued failure is answered first, neither judged nor
     * recorded; then a body that is a JSON object goes to {@code onObject}, and any other body to {@code onNotJson}
     * as {@code {"invalid_json": text}} with the parser's reason.
     */
    static Function<Request, Response> judging(FailurePlan failures, Function<Map<String, Object>, Response> onObject,
            BiFunction<Map<String, Object>, String, Response> onNotJson) {
        return request -> {
            var failure = failures.next();
            if (failure.isPresent()) {
                return failure.get().response();
            }
            Map<String, Object> body;
            try {
                body = Json.object(request.body());
            } catch (IllegalArgumentException e) {
                return onNotJson.apply(Json.unparseable(request.body()), e.getMessage());
            }
            return onObject.apply(body);
        };
    }

    /** http://127.0.0.1:PORT, without a trailing slash. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request on an exact path is handled as usual, then its answer is held until the test releases it. */
    HeldAnswer holdNextAnswer() {
        HeldAnswer held = new HeldAnswer();
        if (!holdNext.compareAndSet(null, held)) throw new IllegalStateException("the next answer is already held");
        return held;
    }

    @Override
    public void close() {
        HeldAnswer held = holdNext.getAndSet(null);
        if (held != null) held.release();
        server.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpExchange exchange, Set<String> paths, String method, Function<Request, Response> handler) throws IOException {
        try (exchange) {
            Response response;
            if (!paths.contains(exchange.getRequestURI().getPath())) {
                response = Response.json(404, Map.of("message", "no such path"));
            } else if (!method.equals(exchange.getRequestMethod())) {
                response = new Response(405, Map.of("message", method + " only"), Map.of("Allow", method));
            } else {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Request request = new Request(headers(exchange), body);
                response = answer(handler, request);
                HeldAnswer held = holdNext.getAndSet(null);
                if (held != null) held.hold(request);
            }
            byte[] bytes = Json.write(response.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** A bug in a receiver must surface as a 500 to the sender, not as a hung connection. */
    private static Response answer(Function<Request, Response> handler, Request request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            return Response.json(500, Map.of("message", "receiver failed: " + e));
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
        }
        return Map.copyOf(headers);
    }
}
