package io.ardm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ardm.Ardm;
import io.ardm.ArdmModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API on a random loopback port: the library's answers, event streams, and one-line 4xx for bad input. */
class ArdmServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] ENGLISH = ("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
            + "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light.\n")
            .getBytes(StandardCharsets.UTF_8);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static ArdmServer server;
    static ArdmModel text8;
    static ArdmModel bytes;

    @BeforeAll
    static void start() {
        server = ArdmServer.start(new ArdmServer.Options("127.0.0.1", 0, List.of("text8-oa", "bytes-ltr", "image-oa"), 4_000, 1, 0),
                new PrintStream(LOG, true, StandardCharsets.UTF_8));
        text8 = Ardm.load("text8-oa");
        bytes = Ardm.load("bytes-ltr");
    }

    @AfterAll
    static void stop() {
        server.close();
        assertEquals("", LOG.toString(StandardCharsets.UTF_8), "no internal errors were logged");
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode postJson(String path, String json, int status) throws Exception {
        HttpResponse<byte[]> r = post(path, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    @Test
    void modelsAreListedWithTheirCards() throws Exception {
        JsonNode list = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri("/api/models")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(3, list.size());
        assertEquals("text8-oa", list.get(0).get("name").asText());
        assertTrue(list.get(0).get("orderAgnostic").asBoolean());
        assertFalse(list.get(1).get("orderAgnostic").asBoolean());
        assertEquals(text8.card(), list.get(0).get("card").asText());
    }

    @Test
    void sampleAndInfillGiveTheLibrarysAnswers() throws Exception {
        JsonNode s = postJson("/api/sample", "{\"model\":\"text8-oa\",\"budget\":10,\"seed\":3}", 200);
        assertEquals(text8.sample(10, 3), s.get("text").asText());
        assertEquals(250, s.get("text").asText().length());
        String text = "and god said let there be l_ght";
        JsonNode f = postJson("/api/infill", "{\"model\":\"text8-oa\",\"text\":\"" + text + "\",\"budget\":31,\"seed\":0}", 200);
        assertEquals(text8.infill(text, '_', 31, 0), f.get("text").asText());
        assertEquals("and god said let there be light", f.get("text").asText());
    }

    @Test
    void aStreamHasOneEventPerNetworkCallThatRevealEveryPositionOnce() throws Exception {
        List<JsonNode> steps = new ArrayList<>();
        JsonNode done = stream("/api/sample/stream?model=text8-oa&budget=10&seed=3", steps, Integer.MAX_VALUE);
        assertEquals(10, steps.size());
        BitSet seen = new BitSet();
        for (JsonNode e : steps) {
            for (JsonNode j : e.get("revealed")) {
                assertFalse(seen.get(j.asInt()), "position " + j + " revealed twice");
                seen.set(j.asInt());
            }
            assertTrue(e.get("expectedBits").asDouble() > 0);
        }
        assertEquals(250, seen.cardinality());
        assertEquals(text8.sample(10, 3), done.get("text").asText(), "the stream's result is the plain sample");

        List<JsonNode> infill = new ArrayList<>();
        JsonNode filled = stream("/api/infill/stream?model=text8-oa&text=let+there+be+l_ght&budget=5&seed=0", infill, Integer.MAX_VALUE);
        // The window beyond the text's 18 characters is generated too (and cut from the result); within the text only the blank.
        List<Integer> inText = infill.stream().flatMap(e -> java.util.stream.StreamSupport.stream(e.get("revealed").spliterator(), false))
                .map(JsonNode::asInt).filter(j -> j < 18).toList();
        assertEquals(List.of(14), inText, "only the blank is revealed within the text");
        assertEquals(text8.infill("let there be l_ght", '_', 5, 0), filled.get("text").asText());
    }

    @Test
    void anImageIsInpaintedWhereTheMaskIsPaintedAndKeptElsewhere() throws Exception {
        byte[] pixels = new byte[3072];
        new java.util.SplittableRandom(4).nextBytes(pixels);
        byte[] mask = new byte[128];
        for (int y = 10; y < 14; y++) for (int x = 20; x < 24; x++) mask[(y * 32 + x) >> 3] |= (byte) (1 << ((y * 32 + x) & 7));
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        List<JsonNode> steps = new ArrayList<>();
        JsonNode done = stream("/api/infill/stream?model=image-oa&budget=4&seed=2&image=" + b64.encodeToString(pixels) + "&mask=" + b64.encodeToString(mask),
                steps, Integer.MAX_VALUE);
        assertEquals(4, steps.size(), "the budget goes to the painted pixels");
        BitSet revealed = new BitSet();
        for (JsonNode e : steps) for (JsonNode j : e.get("revealed")) revealed.set(j.asInt());
        BitSet painted = new BitSet();
        for (int y = 10; y < 14; y++) for (int x = 20; x < 24; x++) painted.set((y * 32 + x) * 3, (y * 32 + x) * 3 + 3);
        assertEquals(painted, revealed, "exactly the painted pixels' sub-pixels are generated");
        JsonNode values = done.get("values");
        for (int i = 0; i < 3072; i++) if (!painted.get(i)) assertEquals(pixels[i] & 0xFF, values.get(i).asInt(), "kept at " + i);
        assertError(HTTP.send(HttpRequest.newBuilder(uri("/api/infill?model=image-oa")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"image-oa\",\"image\":\"AAAA\",\"mask\":\"AAAA\"}")).build(), HttpResponse.BodyHandlers.ofByteArray()), 400, "3072 values");
    }

    @Test
    void scoreIsTheExactNllWithAHeatMapAndTheElbo() throws Exception {
        byte[] text = "in the beginning god created the heaven and the earth ".repeat(6).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<byte[]> r = post("/api/score?model=text8-oa", text);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode s = JSON.readTree(r.body());
        assertEquals(text8.bitsPerSymbol(text), s.get("nllBitsPerSymbol").asDouble(), 1e-9);
        assertEquals(text.length, s.get("bitsPerPosition").size());
        assertEquals(1, s.get("elboSegments").asInt(), "one whole segment of 250 in 324 characters");
        assertTrue(s.get("elboStandardError").asDouble() > 0);
    }

    @Test
    void compressGivesTheCommandLinesBytesAndDecompressFindsTheModel() throws Exception {
        HttpResponse<byte[]> r = post("/api/compress?model=bytes-ltr", ENGLISH);
        assertEquals(200, r.statusCode());
        assertArrayEquals(bytes.compress(ENGLISH), r.body());
        assertEquals("ok", r.headers().firstValue("X-Ardm-Round-Trip").orElseThrow());
        assertEquals(BaselineSizes.gzip(ENGLISH), Long.parseLong(r.headers().firstValue("X-Ardm-Gzip-Length").orElseThrow()));
        assertTrue(r.body().length < BaselineSizes.xz(ENGLISH), "the model beats xz on English");
        HttpResponse<byte[]> back = post("/api/decompress", r.body());
        assertEquals(200, back.statusCode());
        assertArrayEquals(ENGLISH, back.body());
        assertEquals("bytes-ltr", back.headers().firstValue("X-Ardm-Model").orElseThrow());
    }

    @Test
    void badInputIsAOneLine4xx() throws Exception {
        assertError(post("/api/compress?model=text8-oa", "Hello, World".getBytes(StandardCharsets.US_ASCII)), 400, "outside the text8 alphabet");
        byte[] packed = bytes.compress(ENGLISH);
        packed[packed.length - 3] ^= 1;
        assertError(post("/api/decompress", packed), 400, "corrupt");
        assertError(post("/api/decompress", "not an ardm file".getBytes(StandardCharsets.US_ASCII)), 400, "");
        assertError(post("/api/sample", "{\"model\":\"text8-oa\",\"budget\":0}".getBytes(StandardCharsets.US_ASCII)), 400, "budget must be between 1 and D=250");
        assertError(post("/api/sample", "{\"model\":\"text8-oa\",\"budget\":\"ten\"}".getBytes(StandardCharsets.US_ASCII)), 400, "budget must be an integer");
        assertError(post("/api/sample", "{\"budget\":".getBytes(StandardCharsets.US_ASCII)), 400, "malformed JSON");
        assertError(post("/api/sample", "{\"model\":\"bytes-ltr\"}".getBytes(StandardCharsets.US_ASCII)), 400, "left-to-right");
        assertError(post("/api/sample", "{\"model\":\"../../etc/passwd\"}".getBytes(StandardCharsets.US_ASCII)), 404, "no model named");
        assertError(post("/api/compress?model=bytes-ltr", new byte[5_000]), 413, "");
        assertError(HTTP.send(HttpRequest.newBuilder(uri("/api/nothing")).build(), HttpResponse.BodyHandlers.ofByteArray()), 404, "");
    }

    @Test
    void aFullQueueIs503WithRetryAfterAndAClosedStreamFreesItsWorker() throws Exception {
        // One worker and no waiting room: while a stream holds the worker, any other request is refused at once.
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(uri("/api/sample/stream?model=text8-oa&budget=250&seed=1"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        while (!events.readLine().startsWith("data:")) { } // the first call is done: the worker is busy
        HttpResponse<byte[]> refused = post("/api/sample", "{\"budget\":5}".getBytes(StandardCharsets.US_ASCII));
        assertError(refused, 503, "busy");
        assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
        events.close(); // the page goes away mid-stream: the generation stops at its next call
        long freedMs = msUntilAdmitted();
        long fullMs = timeOf(() -> text8.sample(250, 1));
        assertTrue(freedMs < fullMs, "freed after " + freedMs + " ms; the whole generation takes " + fullMs + " ms");
    }

    @Test
    void aPlainRequestWhoseClientGoesAwayStopsAndFreesItsWorker() throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(90).getBytes(StandardCharsets.US_ASCII);
        long sampleMs = timeOf(() -> text8.sample(250, 1));
        long compressMs = timeOf(() -> text8.compress(text));
        long sampleFreed = abandon("/api/sample", "{\"budget\":250,\"seed\":1}".getBytes(StandardCharsets.US_ASCII));
        assertTrue(sampleFreed < sampleMs / 2, "sample: freed after " + sampleFreed + " ms; it takes " + sampleMs + " ms");
        long compressFreed = abandon("/api/compress?model=text8-oa", text);
        assertTrue(compressFreed < compressMs / 2, "compress: freed after " + compressFreed + " ms; it takes " + compressMs + " ms");
    }

    /** Sends a request on a raw connection, closes it once the request is being worked on, and says how soon (ms) the worker is free. */
    private static long abandon(String path, byte[] body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Thread.sleep(500); // read and admitted by now; nothing answered yet
            assertEquals(0, socket.getInputStream().available(), path + " was answered before its client went away");
            assertError(post("/api/sample", "{\"budget\":5}".getBytes(StandardCharsets.US_ASCII)), 503, "busy");
        }
        return msUntilAdmitted();
    }

    /** Milliseconds until a small request is admitted again (the worker is free). */
    private static long msUntilAdmitted() throws Exception {
        long start = System.nanoTime();
        int status;
        do {
            Thread.sleep(50);
            status = post("/api/sample", "{\"budget\":5}".getBytes(StandardCharsets.US_ASCII)).statusCode();
        } while (status == 503 && System.nanoTime() - start < 60e9);
        assertEquals(200, status);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long timeOf(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    static void assertError(HttpResponse<byte[]> r, int status, String part) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        String error = JSON.readTree(body).get("error").asText();
        assertTrue(error.contains(part) && !error.contains("\n") && !error.contains("Exception"), error);
    }

    /** Reads an event stream: the step events into {@code steps}, and returns the done event. */
    static JsonNode stream(String path, List<JsonNode> steps, int max) throws Exception {
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) event = line.substring(6).trim();
                if (!line.startsWith("data:")) continue;
                JsonNode data = JSON.readTree(line.substring(5));
                if ("step".equals(event)) steps.add(data);
                if ("done".equals(event)) return data;
                if ("failed".equals(event)) throw new AssertionError(data.toString());
            }
        }
        throw new AssertionError("the stream ended without a done event");
    }
}
