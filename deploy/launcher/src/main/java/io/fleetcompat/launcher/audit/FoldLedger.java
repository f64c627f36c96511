package io.fleetcompat.launcher.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What fleet-stream folded, per guest, read from its query API ({@code GET /guests/{id}}: 200 here, 303 to the
 * instance that owns the guest, which the client follows, 404 for a guest it has no state of, 503 while it
 * restores). The fold half of a {@link DeliveryAudit}.
 */
public final class FoldLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(500);
    /** Enough to hide the round trips, few enough not to crowd an instance that also folds. */
    private static final int PARALLEL_REQUESTS = 8;

    private FoldLedger() {
    }

    /** @param streamUrl any instance's base URL, e.g. {@code http://127.0.0.1:8081} */
    public static Map<String, FoldedGuest> read(String streamUrl, Collection<String> guests, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, FoldedGuest> folded = new HashMap<>();
        states(streamUrl, guests, timeout).forEach((guest, state) -> folded.put(guest, parse(state)));
        return folded;
    }

    /** Each guest's whole state as its owner answers it; a guest without one (404) is absent. */
    public static Map<String, JsonNode> states(String streamUrl, Collection<String> guests, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(REQUEST_TIMEOUT).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> folded = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<Future<?>> lookups = new ArrayList<>();
            for (String guest : new TreeSet<>(guests)) {
                lookups.add(pool.submit(() -> {
                    read(client, streamUrl, guest, deadline).ifPresent(state -> folded.put(guest, state));
                    return null;
                }));
            }
            for (Future<?> lookup : lookups) {
                lookup.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return Map.copyOf(folded);
    }

    /** One guest's state; empty for 404. Retries while an instance restores or restarts, until the deadline. */
    private static Optional<JsonNode> read(HttpClient client, String streamUrl, String guest, long deadline)
            throws IOException, InterruptedException {
        URI uri = URI.create(streamUrl + "/guests/" + URLEncoder.encode(guest, StandardCharsets.UTF_8));
        while (true) {
            HttpResponse<String> response = get(client, uri);
            if (response != null && response.statusCode() == 200) {
                return Optional.of(JSON.readTree(response.body()));
            }
            if (response != null && response.statusCode() == 404) {
                return Optional.empty();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(uri + " answered " + (response == null ? "nothing" : response.statusCode()
                        + " " + response.body()) + " until the deadline");
            }
            Thread.sleep(RETRY.toMillis());
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;    // an instance restarting: retried until the deadline
        }
    }

    /** The counters and, per host, the sequences of the dedup window ({@code [sequence, eventId]} pairs). */
    static FoldedGuest parse(JsonNode state) {
        Map<String, Set<Long>> windows = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> hosts = state.path("sequences").path("byHost").fields();
        while (hosts.hasNext()) {
            Map.Entry<String, JsonNode> host = hosts.next();
            Set<Long> sequences = new TreeSet<>();
            for (JsonNode seen : host.getValue().path("recent")) {
                sequences.add(seen.isArray() ? seen.get(0).asLong() : seen.path("sequence").asLong());
            }
            windows.put(host.getKey(), sequences);
        }
        return new FoldedGuest(state.path("eventsApplied").asLong(), state.path("duplicatesDropped").asLong(), windows);
    }
}
