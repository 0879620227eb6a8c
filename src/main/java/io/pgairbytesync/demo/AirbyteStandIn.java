package io.pgairbytesync.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stand-in for the Airbyte public API, for the demo only (the tests use WireMock checked against the
 * OpenAPI spec). Jobs run for one poll and then succeed, as a quick Airbyte would.
 */
final class AirbyteStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("airbyte-stand-in");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB = Pattern.compile("/api/public/v1/jobs/(\\d+)");
    private static final Pattern CONNECTION = Pattern.compile("/api/public/v1/connections/([0-9a-f-]+)");

    private final HttpServer server;
    private final AtomicLong nextJob = new AtomicLong(1);
    /** The demo's CDC connection numbers its jobs from 1001, so the orders block's are 1, 2, 3 whichever ticks first. */
    private final AtomicLong nextCdcJob = new AtomicLong(1001);
    private final Map<Long, Integer> polls = new ConcurrentHashMap<>();
    private final Map<Long, String> jobConnections = new ConcurrentHashMap<>();

    AirbyteStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/public/v1/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/public/v1";
    }

    private void handle(HttpExchange http) throws IOException {
        String method = http.getRequestMethod();
        String path = http.getRequestURI().getPath();
        Matcher job = JOB.matcher(path);
        Matcher connection = CONNECTION.matcher(path);
        if ("POST".equals(method) && path.endsWith("/jobs")) {
            Map<?, ?> body = JSON.readValue(http.getRequestBody(), Map.class);
            String connectionId = String.valueOf(body.get("connectionId"));
            long id = (Demo.CDC_CONNECTION.equals(connectionId) ? nextCdcJob : nextJob).getAndIncrement();
            jobConnections.put(id, connectionId);
            LOG.info("[Airbyte stand-in] POST /jobs {} -> job {} pending", body, id);
            reply(http, 200, jobJson(id, "pending"));
        } else if ("GET".equals(method) && job.matches()) {
            long id = Long.parseLong(job.group(1));
            int seen = polls.merge(id, 1, Integer::sum);
            String status = seen < 2 ? "running" : "succeeded";
            LOG.info("[Airbyte stand-in] GET /jobs/{} -> {}", id, status);
            reply(http, 200, jobJson(id, status));
        } else if ("GET".equals(method) && connection.matches()) {
            LOG.info("[Airbyte stand-in] GET /connections/{}", connection.group(1));
            reply(http, 200, Map.of("connectionId", connection.group(1), "name", "orders to BigQuery",
                    "sourceId", "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c", "destinationId", "7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7",
                    "workspaceId", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "status", "active",
                    "nonBreakingSchemaUpdatesBehavior", "propagate_columns", "schedule", Map.of("scheduleType", "manual")));
        } else if ("GET".equals(method) && path.endsWith("/streams")) {
            LOG.info("[Airbyte stand-in] GET /streams?{} (uncached discovery)", http.getRequestURI().getQuery());
            reply(http, 200, java.util.List.of());
        } else {
            reply(http, 404, Map.of("status", 404, "title", "not-found", "detail", method + " " + path));
        }
    }

    private Map<String, Object> jobJson(long id, String status) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("jobId", id);
        json.put("status", status);
        json.put("jobType", "sync");
        json.put("startTime", Instant.now().toString());
        json.put("connectionId", jobConnections.getOrDefault(id, ""));
        if ("succeeded".equals(status)) {
            json.put("rowsSynced", 3 * id);
            json.put("bytesSynced", 512 * id);
        }
        return json;
    }

    private static void reply(HttpExchange http, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
        http.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
