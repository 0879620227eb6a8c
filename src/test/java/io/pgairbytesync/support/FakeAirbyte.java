package io.pgairbytesync.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stateful Airbyte stand-in (a WireMock extension, applied to every request) that is as unkind as Airbyte where
 * it matters for duplicate syncs (see FACTS in PROVENANCE.md beside the spec cut):
 * <ul>
 * <li>Auth: every call but {@code POST /applications/token} and {@code GET /health} needs
 * {@code Authorization: Bearer <a token it issued, not expired>}; otherwise 401. This holds for the requests a test
 * answers with its own WireMock stubs too (tokens a test stubs are learnt from their answers).</li>
 * <li>Jobs run on the clock: a job's status comes from its age ({@code running} for {@link #runFor}, then its
 * outcome), never from how often it was polled; {@link #finish} ends one at once, {@link #holdRunning} keeps new ones
 * running until then.</li>
 * <li>A job appears in {@code GET /jobs} only {@link #listingDelay} after its creation (POST /jobs can block ~81 s
 * before Airbyte lists the job); {@code GET /jobs/{id}} knows it at once.</li>
 * <li>{@code GET /jobs} honours connectionId, jobType, status, createdAtStart/End, orderBy (none = oldest first),
 * limit (default 20) and offset.</li>
 * <li>{@link #forget} makes Airbyte forget a job (a reinstall, a purge): {@code GET} and {@code DELETE /jobs/{id}}
 * answer 404; {@link #finishBeforeCancel} ends a job just before a {@code DELETE /jobs/{id}} reaches it, which then
 * answers 409 "Job is not currently running", as Airbyte does for a job that ended.</li>
 * <li>POST /jobs answers 409 while a sync of the connection runs; {@link #failPostsAfterCreating} makes the job and
 * then answers a 5xx (a gateway's 504 after a POST that blocked too long), {@link #failPostsWithoutCreating} answers
 * a 5xx without making one.</li>
 * <li>{@link #connectionStatus} makes a connection {@code inactive} (or {@code deprecated}, {@code locked}): GET
 * /connections/{id} says so, and POST /jobs answers 409 "Could not fulfill request" and makes no job.</li>
 * </ul>
 * Which requests it simulates: those matched by the stub {@link #everyCall()} (or {@link #tokensOnly()}, which
 * simulates only the token endpoint and leaves the rest unanswered, 404); a request matched by a test's own stub gets
 * that stub's answer (after the auth check). A failure of the stand-in itself is recorded ({@link #standInFailures})
 * and must fail the test: it is answered 599, never a 5xx the service would take for Airbyte's.
 */
public final class FakeAirbyte implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-airbyte";
    private static final String MODE = "fake-airbyte-mode";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a job ends once its running time is over. */
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELLED,
        /** an attempt fails half-way ({@code incomplete}, not final), then the retry succeeds */
        INCOMPLETE_THEN_SUCCEEDED,
        /** succeeded with 0 rows and 0 bytes (a launch failure can look like this) */
        EMPTY_SUCCESS
    }

    /** A job as Airbyte holds it. Its status is a function of the time (see {@link #status}). */
    public static final class Job {
        private final long id;
        private final String connectionId;
        private final Instant created;
        private final Duration runFor;
        private final Outcome outcome;
        private volatile String endedAs;

        Job(long id, String connectionId, Instant created, Duration runFor, Outcome outcome) {
            this.id = id;
            this.connectionId = connectionId;
            this.created = created;
            this.runFor = runFor;
            this.outcome = outcome;
        }

        public long id() {
            return id;
        }

        public String connectionId() {
            return connectionId;
        }

        public Instant created() {
            return created;
        }

        /** The status now, from the job's age: running, then its outcome (or how it was ended by hand). */
        public String status() {
            return status(Instant.now());
        }

        String status(Instant now) {
            if (endedAs != null) {
                return endedAs;
            }
            Duration age = Duration.between(created, now);
            if (age.compareTo(runFor) < 0) {
                return outcome == Outcome.INCOMPLETE_THEN_SUCCEEDED && age.compareTo(runFor.dividedBy(2)) >= 0
                        ? "incomplete" : "running";
            }
            return switch (outcome) {
                case FAILED -> "failed";
                case CANCELLED -> "cancelled";
                default -> "succeeded";
            };
        }

        boolean finished(Instant now) {
            String s = status(now);
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        }

        @Override
        public String toString() {
            return "job " + id + " (" + status() + ")";
        }
    }

    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(101);
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<Long, String> endBeforeCancel = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> connectionStatuses = new ConcurrentHashMap<>();
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    private final Deque<Integer> postFailuresAfterCreating = new ArrayDeque<>();
    private final Deque<Integer> postFailuresWithoutCreating = new ArrayDeque<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration runFor = Duration.ofSeconds(2);
    private volatile java.util.function.Consumer<Job> onJobCreated = job -> { };
    private volatile Duration listingDelay = Duration.ZERO;
    private volatile Duration tokenLifetime = Duration.ofSeconds(900);
    private volatile boolean authRequired = true;

    /** The stub that hands every request to the stand-in (lowest priority: a test's own stubs come first). */
    public static MappingBuilder everyCall() {
        return WireMock.any(WireMock.anyUrl()).atPriority(Integer.MAX_VALUE)
                .willReturn(WireMock.aResponse().withTransformerParameter(MODE, "simulate"));
    }

    /** The stub for tests that answer with their own stubs: the stand-in issues tokens; every other unstubbed call is 404. */
    public static MappingBuilder tokensOnly() {
        return WireMock.any(WireMock.anyUrl()).atPriority(Integer.MAX_VALUE)
                .willReturn(WireMock.aResponse().withTransformerParameter(MODE, "tokens"));
    }

    /** Back to a fresh Airbyte: no jobs, no tokens, no knobs turned, no calls or failures recorded. */
    public synchronized void reset() {
        jobs.clear();
        nextId.set(101);
        delays.clear();
        endBeforeCancel.clear();
        tokens.clear();
        connectionStatuses.clear();
        outcomes.clear();
        postFailuresAfterCreating.clear();
        postFailuresWithoutCreating.clear();
        calls.clear();
        failures.clear();
        runFor = Duration.ofSeconds(2);
        listingDelay = Duration.ZERO;
        tokenLifetime = Duration.ofSeconds(900);
        authRequired = true;
        onJobCreated = job -> { };
    }

    /**
     * Runs {@code hook} for each sync job it makes, before it answers POST /jobs: what Airbyte's sync does to the source
     * while it runs, e.g. consume a CDC block's replication slot as Airbyte's CDC sync does (CdcIT). A hook that throws is
     * a failure of the stand-in ({@link #standInFailures}).
     */
    public void onJobCreated(java.util.function.Consumer<Job> hook) {
        onJobCreated = hook;
    }

    /** Every call as it arrived (before any delay): {@code POST /api/public/v1/jobs}, ... */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** How many {@code POST /jobs} calls arrived (whatever they were answered). */
    public long jobPosts() {
        return calls().stream().filter(c -> c.equals("POST /api/public/v1/jobs")).count();
    }

    /** Errors of the stand-in itself (a bug of the test, not Airbyte's answer): must be empty after each test. */
    public List<String> standInFailures() {
        synchronized (failures) {
            return List.copyOf(failures);
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

    /** How long each new job runs before it ends with its outcome (default 2 s). */
    public void runFor(Duration duration) {
        this.runFor = duration;
    }

    /** New jobs run until {@link #finish} ends them (for tests that step through a job by hand). */
    public void holdRunning() {
        this.runFor = Duration.ofDays(365);
    }

    /** The outcomes of the next jobs, in order; after them jobs succeed. */
    public synchronized void nextOutcomes(Outcome... next) {
        outcomes.addAll(List.of(next));
    }

    /** A job shows in GET /jobs only this long after it was created (GET /jobs/{id} knows it at once). */
    public void listingDelay(Duration delay) {
        this.listingDelay = delay;
    }

    /** Lifetime of the tokens it issues (Airbyte: 900 s self-managed, about 3 min on Cloud). */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Only for a test that says it runs the service without credentials: no bearer token asked for. */
    public void withoutAuth() {
        this.authRequired = false;
    }

    /** The next POSTs create their job, then answer these statuses (e.g. 504: the gateway gave up waiting). */
    public synchronized void failPostsAfterCreating(Integer... statuses) {
        postFailuresAfterCreating.addAll(List.of(statuses));
    }

    /** The next POSTs answer these statuses and create no job. */
    public synchronized void failPostsWithoutCreating(Integer... statuses) {
        postFailuresWithoutCreating.addAll(List.of(statuses));
    }

    /** The connection's status from now on (default {@code active}); not active, it refuses every sync with a 409. */
    public void connectionStatus(String connectionId, String status) {
        connectionStatuses.put(connectionId, status);
    }

    /** A job someone else started (the UI, Airbyte's own schedule) at {@code created}: its id. */
    public long addJob(String connectionId, Instant created, Outcome outcome, Duration runsFor) {
        Job job = new Job(nextId.getAndIncrement(), connectionId, created, runsFor, outcome);
        jobs.put(job.id(), job);
        return job.id();
    }

    /** Ends a job now: succeeded, failed or cancelled. */
    public void finish(long jobId, String status) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        job.endedAs = status;
    }

    /** Airbyte no longer knows the job (reinstalled, or its jobs purged): GET and DELETE /jobs/{id} answer 404. */
    public void forget(long jobId) {
        if (jobs.remove(jobId) == null) {
            throw new IllegalArgumentException("no job " + jobId);
        }
    }

    /** The job ends with {@code status} just before the next DELETE /jobs/{id} reaches it (so that DELETE answers 409). */
    public void finishBeforeCancel(long jobId, String status) {
        if (!jobs.containsKey(jobId)) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        endBeforeCancel.put(jobId, status);
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
        String call = method + " " + tail;
        calls.add(method + " " + path);
        ResponseDefinition stubbed = event.getResponseDefinition();
        Object mode = stubbed.getTransformerParameters() == null ? null : stubbed.getTransformerParameters().getString(MODE, null);
        try {
            boolean open = call.equals("POST /applications/token") || call.equals("GET /health");
            if (!open && authRequired && !authorized(r)) {
                return problem(401, "unauthorized", "Missing or invalid bearer token for " + call + ".");
            }
            if (mode == null) { // a test's own stub answers; a token it hands out is valid from now on
                if (call.equals("POST /applications/token")) {
                    learnToken(stubbed);
                }
                return stubbed;
            }
            if (call.equals("POST /applications/token")) {
                hold("POST /applications/token");
                return issueToken(r);
            }
            if (mode.equals("tokens")) { // a call the test did not stub: WireMock's own answer
                return ResponseDefinition.notFound();
            }
            return simulate(r, method, tail, path);
        } catch (InterruptedException e) { // an answer held by delay() when the server stops: the test is over
            Thread.currentThread().interrupt();
            return new ResponseDefinitionBuilder().withStatus(503).withBody("stand-in stopping").build();
        } catch (Exception e) {
            failures.add(call + ": " + e);
            return new ResponseDefinitionBuilder().withStatus(599).withBody("stand-in failure (a test bug): " + e).build();
        }
    }

    private ResponseDefinition simulate(Request r, String method, String tail, String path) throws Exception {
        Instant now = Instant.now();
        if (method.equals("GET") && tail.equals("/health")) {
            return new ResponseDefinitionBuilder().withStatus(200).build(); // the spec declares no body
        }
        if (method.equals("POST") && tail.equals("/jobs")) {
            return postJob(r, now);
        }
        if (method.equals("GET") && tail.matches("/jobs/\\d+")) {
            Job job = jobs.get(Long.parseLong(tail.substring(6)));
            if (job == null) {
                return problem(404, "resource-not-found", "Could not find job " + tail.substring(6));
            }
            hold("GET /jobs/{id}");
            return json(200, view(job, Instant.now()));
        }
        if (method.equals("DELETE") && tail.matches("/jobs/\\d+")) {
            long id = Long.parseLong(tail.substring(6));
            synchronized (this) {
                Job job = jobs.get(id);
                if (job == null) {
                    return problem(404, "resource-not-found", "Could not find job " + id);
                }
                String endsFirst = endBeforeCancel.remove(id);
                if (endsFirst != null) {
                    job.endedAs = endsFirst;
                }
                if (job.finished(now)) {
                    return problem(409, "state-conflict", "Job is not currently running");
                }
                job.endedAs = "cancelled";
                return json(200, view(job, now));
            }
        }
        if (method.equals("GET") && tail.equals("/jobs")) {
            return listJobs(r, now);
        }
        if (method.equals("GET") && tail.matches("/connections/[0-9a-f-]+")) {
            return json(200, Map.ofEntries(Map.entry("connectionId", tail.substring(13)), Map.entry("name", "c"),
                    Map.entry("sourceId", "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c"),
                    Map.entry("destinationId", "7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7"),
                    Map.entry("workspaceId", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"),
                    Map.entry("status", connectionStatuses.getOrDefault(tail.substring(13), "active")),
                    Map.entry("schedule", Map.of("scheduleType", "manual")), Map.entry("configurations", Map.of("streams", List.of())),
                    Map.entry("createdAt", 1732000000), Map.entry("tags", List.of()),
                    Map.entry("nonBreakingSchemaUpdatesBehavior", "propagate_columns")));
        }
        if (method.equals("GET") && tail.equals("/streams")) {
            return json(200, List.of());
        }
        return problem(404, "not-found", method + " " + path);
    }

    private ResponseDefinition postJob(Request r, Instant now) throws Exception {
        Map<?, ?> body = JSON.readValue(r.getBodyAsString(), Map.class);
        String connectionId = String.valueOf(body.get("connectionId"));
        Job created;
        Integer failAfter;
        synchronized (this) {
            Integer failBefore = postFailuresWithoutCreating.poll();
            if (failBefore != null) {
                return problem(failBefore, "server-error", "Airbyte failed before it made the job");
            }
            if (!connectionStatuses.getOrDefault(connectionId, "active").equals("active")) {
                return problem(409, "state-conflict", "Could not fulfill request"); // FACTS: an inactive connection
            }
            boolean busy = jobs.values().stream().anyMatch(j -> j.connectionId().equals(connectionId) && !j.finished(now));
            if (busy) {
                return json(409, Map.of("type", "https://reference.airbyte.com/reference/errors#try-again-later",
                        "title", "try-again-later", "status", 409, "detail", "Please try again later.",
                        "data", Map.of("message", "A sync is already running for: " + connectionId)));
            }
            Outcome outcome = outcomes.isEmpty() ? Outcome.SUCCEEDED : outcomes.poll();
            created = new Job(nextId.getAndIncrement(), connectionId, now, runFor, outcome);
            jobs.put(created.id(), created);
            failAfter = postFailuresAfterCreating.poll();
        }
        try {
            onJobCreated.accept(created);
        } catch (RuntimeException e) {
            failures.add("the onJobCreated hook failed for job " + created.id() + ": " + e);
        }
        hold("POST /jobs"); // the job exists already; only the answer is late (Airbyte 2.0 behaves so)
        if (failAfter != null) {
            return problem(failAfter, failAfter == 504 ? "gateway-timeout" : "server-error",
                    "the job was made, but the answer is lost");
        }
        return json(200, view(created, Instant.now()));
    }

    private ResponseDefinition listJobs(Request r, Instant now) {
        String connectionId = query(r, "connectionId");
        String jobType = query(r, "jobType");
        String status = query(r, "status");
        Instant from = query(r, "createdAtStart") == null ? null : Instant.parse(query(r, "createdAtStart"));
        Instant to = query(r, "createdAtEnd") == null ? null : Instant.parse(query(r, "createdAtEnd"));
        String orderBy = query(r, "orderBy") == null ? "createdAt|ASC" : query(r, "orderBy");
        if (!orderBy.matches("(createdAt|updatedAt)\\|(ASC|DESC)")) {
            return problem(400, "bad-request", "orderBy must be createdAt|ASC, createdAt|DESC, updatedAt|ASC or updatedAt|DESC");
        }
        int limit = query(r, "limit") == null ? 20 : Integer.parseInt(query(r, "limit"));
        int offset = query(r, "offset") == null ? 0 : Integer.parseInt(query(r, "offset"));
        List<Job> listed = new ArrayList<>(jobs().stream()
                .filter(j -> Duration.between(j.created(), now).compareTo(listingDelay) >= 0)
                .filter(j -> connectionId == null || j.connectionId().equals(connectionId))
                .filter(j -> jobType == null || jobType.equals("sync"))
                .filter(j -> status == null || j.status(now).equals(status))
                .filter(j -> from == null || !shown(j).isBefore(from))
                .filter(j -> to == null || !shown(j).isAfter(to))
                .toList()); // oldest first, as Airbyte lists without orderBy
        if (orderBy.endsWith("DESC")) {
            Collections.reverse(listed);
        }
        List<Map<String, Object>> data = listed.stream().skip(offset).limit(limit).map(j -> view(j, now)).toList();
        return json(200, Map.of("data", data));
    }

    private boolean authorized(Request r) {
        String header = r.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = tokens.get(header.substring(7));
        return expires != null && Instant.now().isBefore(expires);
    }

    private ResponseDefinition issueToken(Request r) throws Exception {
        Map<?, ?> body = JSON.readValue(r.getBodyAsString(), Map.class);
        if (!"client_credentials".equals(body.get("grant_type")) || isBlank(body.get("client_id")) || isBlank(body.get("client_secret"))) {
            return problem(400, "bad-request", "client_id, client_secret and grant_type client_credentials are required");
        }
        String token = "fake-token-" + System.nanoTime();
        tokens.put(token, Instant.now().plus(tokenLifetime));
        return json(200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", tokenLifetime.toSeconds()));
    }

    private void learnToken(ResponseDefinition stubbed) throws Exception {
        if (stubbed.getStatus() == 200 && stubbed.getBody() != null) {
            Map<?, ?> answer = JSON.readValue(stubbed.getBody(), Map.class);
            if (answer.get("access_token") instanceof String token) {
                long seconds = answer.get("expires_in") instanceof Number n ? n.longValue() : 900;
                tokens.put(token, Instant.now().plusSeconds(seconds));
            }
        }
    }

    private static boolean isBlank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }

    private static String query(Request r, String name) {
        return r.queryParameter(name).isPresent() ? r.queryParameter(name).firstValue() : null;
    }

    private void hold(String call) throws InterruptedException {
        Long millis = delays.get(call);
        if (millis != null) {
            Thread.sleep(millis);
        }
    }

    /** Airbyte prints startTime to the second. */
    private static Instant shown(Job j) {
        return j.created().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Map<String, Object> view(Job j, Instant now) {
        String status = j.status(now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.id());
        m.put("status", status);
        m.put("jobType", "sync");
        m.put("startTime", shown(j).toString());
        m.put("connectionId", j.connectionId());
        m.put("lastUpdatedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
        if (status.equals("succeeded")) {
            boolean empty = j.outcome == Outcome.EMPTY_SUCCESS;
            m.put("rowsSynced", empty ? 0 : 10);
            m.put("bytesSynced", empty ? 0 : 100);
        }
        return m;
    }

    private static ResponseDefinition problem(int status, String title, String detail) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody(write(Map.of("type", "https://reference.airbyte.com/reference/errors#" + title, "title", title,
                        "status", status, "detail", detail)))
                .build();
    }

    private static ResponseDefinition json(int status, Object body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(write(body)).build();
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
