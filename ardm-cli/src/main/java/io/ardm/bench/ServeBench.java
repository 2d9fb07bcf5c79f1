package io.ardm.bench;

import io.ardm.Ardm;
import io.ardm.serve.ArdmServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * `ardm bench serve`: concurrent clients on loopback, each sending a fixed mix of API requests to an in-process server,
 * bounded in count and time. A 503 (the queue is full) is back-pressure: the client waits Retry-After and tries again,
 * up to {@link #ATTEMPTS} times. Reports latency percentiles (including those waits), requests/s, the answers by
 * status, lost requests (no answer) and the JVM's peak RSS.
 */
public final class ServeBench {
    static final int ATTEMPTS = 5;
    private static final byte[] ENGLISH = ("It was the best of times, it was the worst of times, it was the age of wisdom, it was the "
            + "age of foolishness, it was the epoch of belief, it was the epoch of incredulity.\n").getBytes(StandardCharsets.UTF_8);

    private ServeBench() {}

    record Outcome(String kind, int status, long millis, int attempts) {}

    private record Call(String kind, String path, byte[] body) {}

    public static void run(String textModel, String byteModel, int clients, int requests, int seconds, PrintStream out) throws Exception {
        AtomicReference<String> firstError = new AtomicReference<>();
        try (ArdmServer server = ArdmServer.start(ArdmServer.Options.loopback(0, List.of(textModel, byteModel)), out)) {
            byte[] packed = Ardm.load(byteModel).compress(ENGLISH);
            List<Call> mix = List.of(
                    new Call("models", "/api/models", null),
                    new Call("policy", "/api/policy?model=" + textModel + "&budget=20", null),
                    new Call("sample", "/api/sample", ("{\"model\":\"" + textModel + "\",\"budget\":5,\"seed\":1}").getBytes(StandardCharsets.UTF_8)),
                    new Call("infill", "/api/infill", ("{\"model\":\"" + textModel + "\",\"text\":\"let there be l_ght\",\"budget\":5}").getBytes(StandardCharsets.UTF_8)),
                    new Call("score", "/api/score?model=" + byteModel, ENGLISH),
                    new Call("compress", "/api/compress?model=" + byteModel, ENGLISH),
                    new Call("decompress", "/api/decompress", packed));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + server.port();
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    pool.submit(() -> {
                        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
                            outcomes.add(send(http, base, mix.get((client + i) % mix.size()), deadline, firstError));
                        }
                    });
                }
                pool.shutdown();
                pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            report(new ArrayList<>(outcomes), clients, requests, wall, firstError.get(), out);
        }
    }

    private static Outcome send(HttpClient http, String base, Call call, long deadline, AtomicReference<String> firstError) {
        long start = System.nanoTime();
        int status = -1;
        int attempt = 0;
        while (attempt < ATTEMPTS) {
            attempt++;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(120));
            b = call.body() == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = r.statusCode();
                if (status >= 500 && status != 503) firstError.compareAndSet(null, call.kind() + ": " + status + " " + new String(r.body(), StandardCharsets.UTF_8));
                if (status != 503 || System.nanoTime() > deadline) break;
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            } catch (Exception e) {
                status = -1; // lost: no answer
                break;
            }
        }
        return new Outcome(call.kind(), status, (System.nanoTime() - start) / 1_000_000, attempt);
    }

    static void report(List<Outcome> outcomes, int clients, int requests, double wall, String firstError, PrintStream out) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int backPressure = 0;
        for (Outcome o : outcomes) {
            byStatus.merge(o.status(), 1, Integer::sum);
            backPressure += o.attempts() - 1;
        }
        long lost = outcomes.stream().filter(o -> o.status() < 0).count();
        long serverErrors = outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503).count();
        out.printf("%d clients × %d requests: %d sent in %.1f s, %.2f requests/s; answers by status %s; %d retries after 503 (back-pressure); "
                        + "lost %d; 5xx other than 503: %d%n", clients, requests, outcomes.size(), wall, outcomes.size() / wall, byStatus, backPressure,
                lost, serverErrors);
        out.printf("%-11s %6s %9s %9s %9s%n", "request", "count", "p50 ms", "p99 ms", "max ms");
        Map<String, List<Outcome>> byKind = new TreeMap<>();
        for (Outcome o : outcomes) byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
        byKind.put("(all)", outcomes);
        for (Map.Entry<String, List<Outcome>> e : byKind.entrySet()) {
            long[] ms = e.getValue().stream().mapToLong(Outcome::millis).sorted().toArray();
            out.printf("%-11s %6d %9d %9d %9d%n", e.getKey(), ms.length, percentile(ms, 0.50), percentile(ms, 0.99), ms.length == 0 ? 0 : ms[ms.length - 1]);
        }
        if (firstError != null) out.println("first server error: " + firstError);
        out.println(PeakRss.describe() + " (server and clients in one JVM)");
    }

    /** The nearest-rank percentile of sorted values (0 for none). */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
