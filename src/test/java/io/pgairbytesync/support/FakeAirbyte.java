package io.pgairbytesync.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stateful Airbyte stand-in (a WireMock extension): POST /jobs creates a job (409 while one of the connection is
 * still running, as Airbyte does: see PROVENANCE.md beside the spec cut), GET /jobs/{id} reports it running and then succeeded, GET /jobs lists them
 * newest first, DELETE /jobs/{id} cancels. Answers can be delayed per call to hold the service at a chosen step.
 */
public final class FakeAirbyte implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-airbyte";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Job(long id, String connectionId, Instant created, String status, int polls) {
    }

    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(101);
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private volatile int pollsUntilDone = 1;
    private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Every call as it arrived (before any delay): {@code POST /api/public/v1/jobs}, ... */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    /** Holds the answer to calls named like {@code POST /jobs}, {@code GET /jobs/{id}} for {@code millis}. */
    public void delay(String call, long millis) {
        if (millis <= 0) {
            delays.remove(call);
        } else {
            delays.put(call, millis);
        }
    }

    public void pollsUntilDone(int polls) {
        this.pollsUntilDone = polls;
    }

    public synchronized List<Job> jobs() {
        return jobs.values().stream().sorted(Comparator.comparingLong(Job::id)).toList();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request r = event.getRequest();
        String method = r.getMethod().getName();
        String path = r.getUrl().contains("?") ? r.getUrl().substring(0, r.getUrl().indexOf('?')) : r.getUrl();
        String tail = path.replaceFirst("^/api/public/v1", "");
        calls.add(method + " " + path);
        try {
            if (method.equals("POST") && tail.equals("/applications/token")) {
                hold("POST /applications/token");
                return json(200, Map.of("access_token", "fake-token-" + System.nanoTime(), "token_type", "Bearer", "expires_in", 900));
            }
            if (method.equals("POST") && tail.equals("/jobs")) {
                String connectionId = String.valueOf(JSON.readValue(r.getBodyAsString(), Map.class).get("connectionId"));
                Job created;
                synchronized (this) {
                    boolean busy = jobs.values().stream().anyMatch(j -> j.connectionId().equals(connectionId) && !finished(j));
                    if (busy) {
                        return json(409, Map.of("type", "https://reference.airbyte.com/reference/errors#try-again-later",
                                "title", "try-again-later", "status", 409, "detail", "Please try again later.",
                                "data", Map.of("message", "A sync is already running for: " + connectionId)));
                    }
                    created = new Job(nextId.getAndIncrement(), connectionId, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                            "running", 0);
                    jobs.put(created.id(), created);
                }
                hold("POST /jobs"); // the job exists already; only the answer is late (Airbyte 2.0 behaves so)
                return json(200, view(created));
            }
            if (method.equals("GET") && tail.matches("/jobs/\\d+")) {
                long id = Long.parseLong(tail.substring(6));
                Job job;
                synchronized (this) {
                    job = jobs.get(id);
                    if (job == null) {
                        return json(404, Map.of("status", 404, "title", "resource-not-found", "detail", "job " + id));
                    }
                    if (!finished(job)) {
                        int polls = job.polls() + 1;
                        job = new Job(id, job.connectionId(), job.created(), polls > pollsUntilDone ? "succeeded" : "running", polls);
                        jobs.put(id, job);
                    }
                }
                hold("GET /jobs/{id}");
                return json(200, view(job));
            }
            if (method.equals("DELETE") && tail.matches("/jobs/\\d+")) {
                long id = Long.parseLong(tail.substring(6));
                synchronized (this) {
                    Job job = jobs.get(id);
                    if (job == null || finished(job)) {
                        return json(409, Map.of("status", 409, "title", "state-conflict", "detail", "Job is not currently running"));
                    }
                    job = new Job(id, job.connectionId(), job.created(), "cancelled", job.polls());
                    jobs.put(id, job);
                    return json(200, view(job));
                }
            }
            if (method.equals("GET") && tail.equals("/jobs")) {
                String connectionId = r.queryParameter("connectionId").isPresent() ? r.queryParameter("connectionId").firstValue() : null;
                Instant since = r.queryParameter("createdAtStart").isPresent()
                        ? Instant.parse(r.queryParameter("createdAtStart").firstValue()) : Instant.MIN;
                List<Map<String, Object>> data = new ArrayList<>();
                List<Job> newestFirst = new ArrayList<>(jobs());
                java.util.Collections.reverse(newestFirst);
                for (Job j : newestFirst) {
                    if ((connectionId == null || j.connectionId().equals(connectionId)) && !j.created().isBefore(since)) {
                        data.add(view(j));
                    }
                }
                return json(200, Map.of("data", data));
            }
            if (method.equals("GET") && tail.matches("/connections/[0-9a-f-]+")) {
                return json(200, Map.ofEntries(Map.entry("connectionId", tail.substring(13)), Map.entry("name", "c"),
                        Map.entry("sourceId", "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c"),
                        Map.entry("destinationId", "7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7"),
                        Map.entry("workspaceId", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), Map.entry("status", "active"),
                        Map.entry("schedule", Map.of("scheduleType", "manual")), Map.entry("configurations", Map.of("streams", List.of())),
                        Map.entry("createdAt", 1732000000), Map.entry("tags", List.of()),
                        Map.entry("nonBreakingSchemaUpdatesBehavior", "propagate_columns")));
            }
            if (method.equals("GET") && tail.equals("/streams")) {
                return json(200, List.of());
            }
            return json(404, Map.of("status", 404, "title", "not-found", "detail", method + " " + path));
        } catch (Exception e) {
            return json(500, Map.of("status", 500, "title", "stand-in failure", "detail", String.valueOf(e)));
        }
    }

    private void hold(String call) throws InterruptedException {
        Long millis = delays.get(call);
        if (millis != null) {
            Thread.sleep(millis);
        }
    }

    private static boolean finished(Job j) {
        return j.status().equals("succeeded") || j.status().equals("failed") || j.status().equals("cancelled");
    }

    private static Map<String, Object> view(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.id());
        m.put("status", j.status());
        m.put("jobType", "sync");
        m.put("startTime", j.created().toString());
        m.put("connectionId", j.connectionId());
        if (j.status().equals("succeeded")) {
            m.put("rowsSynced", 10);
            m.put("bytesSynced", 100);
        }
        return m;
    }

    private static ResponseDefinition json(int status, Object body) {
        try {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
