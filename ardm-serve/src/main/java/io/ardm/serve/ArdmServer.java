package io.ardm.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.ArdmFormatException;
import io.ardm.ArdmModel;
import io.ardm.ardm.Generation;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.codec.ArdmMembers;
import io.ardm.modality.Modality;
import io.ardm.run.LoadedModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * The web page and its JSON API over the served models. Every answer about data goes through the io.ardm API (the
 * code paths of the command line); bad input is a 4xx with a one-line JSON {@code {"error": ...}}, never a stack trace.
 */
public final class ArdmServer implements AutoCloseable {
    /** What the server is started with. */
    public record Options(String host, int port, List<String> models, long uploadLimit, int workers, int waiting) {
        public static final long DEFAULT_UPLOAD_LIMIT = 1 << 20;

        public Options {
            if (uploadLimit < 1) throw new IllegalArgumentException("the upload limit must be at least 1 byte");
            models = List.copyOf(models);
        }

        /** Loopback, the given port (0: any free one), every bundled model, 1 MiB uploads, 2 workers and 16 waiting. */
        public static Options loopback(int port, List<String> models) {
            return new Options("127.0.0.1", port, models, DEFAULT_UPLOAD_LIMIT, 2, 16);
        }
    }

    /** At most this many symbols are scored per request: the heat map costs D network calls per segment. */
    static final int SCORE_LIMIT = 4_000;

    private final ObjectMapper json = new ObjectMapper();
    private final ServedModels models;
    private final WorkQueue work;
    private final PrintStream log;
    private final Javalin app;

    private ArdmServer(Options options, PrintStream log) {
        this.models = new ServedModels(options.models());
        this.work = new WorkQueue(options.workers(), options.waiting());
        this.log = log;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.uploadLimit();
            config.staticFiles.add("/io/ardm/serve/web", Location.CLASSPATH);
            config.routes.get("/api/models", this::listModels);
            config.routes.get("/api/policy", this::policy);
            config.routes.post("/api/sample", ctx -> generateOnce(ctx, false));
            config.routes.post("/api/infill", ctx -> generateOnce(ctx, true));
            config.routes.sse("/api/sample/stream", client -> stream(client, false));
            config.routes.sse("/api/infill/stream", client -> stream(client, true));
            config.routes.post("/api/score", this::score);
            config.routes.post("/api/compress", this::compress);
            config.routes.post("/api/decompress", this::decompress);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(ArdmFormatException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            // The client went away mid-computation (ClientWatch): the work has stopped and nobody reads an answer.
            config.routes.exception(GenerationEvents.ClientGone.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
            config.routes.exception(CancellationException.class, (e, ctx) -> error(ctx, 503, "the client went away"));
            config.routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, "malformed JSON: " + e.getOriginalMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.println("ardm serve: " + ctx.method() + " " + ctx.path() + ": " + e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 404, "no such page or endpoint: " + ctx.path());
            });
        }).start(options.host(), options.port());
    }

    /** Loads the models and starts listening; {@link #port} says where. */
    public static ArdmServer start(Options options, PrintStream log) {
        return new ArdmServer(options, log);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void error(Context ctx, int status, String message) {
        if (status == 503) ctx.header("Retry-After", String.valueOf(WorkQueue.RETRY_AFTER_SECONDS));
        String line = message == null || message.isBlank() ? "error " + status : message.lines().findFirst().orElse("");
        ctx.status(status).contentType("application/json").result(json.createObjectNode().put("error", line).toString());
    }

    private void listModels(Context ctx) {
        ArrayNode list = json.createArrayNode();
        for (ArdmModel m : models.all()) {
            list.addObject().put("name", m.name()).put("modality", m.modality()).put("length", m.length())
                    .put("orderAgnostic", m.orderAgnostic()).put("stages", m.loaded().process().stages())
                    .put("defaultBudget", m.defaultBudget()).put("bitsUnit", m.loaded().modality().bitsUnit()).put("card", m.card());
        }
        ctx.contentType("application/json").result(list.toString());
    }

    /** The loss components of the first stage and its DP policy for the budget (the picture `ardm schedule` draws). */
    private void policy(Context ctx) {
        ArdmModel m = models.get(ctx.queryParam("model"));
        int budget = intParam(ctx, "budget", Math.min(20, m.length()));
        StagePolicies policies = m.policies(budget);
        double[] components = m.loaded().components().estimate();
        int d = m.length();
        ObjectNode r = json.createObjectNode().put("model", m.name()).put("budget", budget).put("length", d);
        ArrayNode stages = r.putArray("stages");
        for (int g = 0; g < policies.count(); g++) {
            Policy p = policies.stage(g);
            double[] stageComponents = Arrays.copyOfRange(components, g * d, (g + 1) * d);
            ObjectNode s = stages.addObject().put("expectedBitsPerSymbol", p.cost(stageComponents));
            ArrayNode c = s.putArray("components");
            for (double v : stageComponents) c.add(v);
            ArrayNode b = s.putArray("boundaries");
            for (int t : p.boundaries()) b.add(t);
        }
        ctx.contentType("application/json").result(r.toString());
    }

    /** A request's generation parameters, from a JSON body (POST) or the query (the page's event streams); {@code masked}: infill only. */
    private record Generate(ArdmModel model, int budget, long seed, Modality.Masked masked) {}

    private Generate generateParams(JsonNode body, Context ctx, boolean infill) {
        java.util.function.Function<String, String> field = body != null ? name -> text(body, name, null) : ctx::queryParam;
        ArdmModel m = models.get(field.apply("model"));
        if (!m.orderAgnostic()) throw new IllegalArgumentException(m.name() + " is a left-to-right model: it generates in one order only; choose an order-agnostic model");
        Modality.Masked masked = null;
        if (infill) masked = m.modality().equals("image") ? ImageMask.parse(field.apply("image"), field.apply("mask")) : textMask(m, field);
        return new Generate(m, parse("budget", field.apply("budget"), Math.min(20, m.length())), parse("seed", field.apply("seed"), 0), masked);
    }

    /** A text with blanks ({@code blank}, default '_') as the model's symbols and known-mask. */
    private static Modality.Masked textMask(ArdmModel m, java.util.function.Function<String, String> field) {
        String text = field.apply("text");
        String blank = field.apply("blank");
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("infill needs a text with blanks");
        if (blank != null && blank.length() != 1) throw new IllegalArgumentException("blank must be one character, got '" + blank + "'");
        return m.loaded().modality().parseMasked(text, blank == null ? '_' : blank.charAt(0));
    }

    private void generateOnce(Context ctx, boolean infill) throws IOException {
        Generate g = generateParams(body(ctx), ctx, infill);
        ObjectNode result = watched(ctx, watch -> generate(g, infill, e -> { }, watch));
        ctx.contentType("application/json").result(result.toString());
    }

    private void stream(SseClient client, boolean infill) {
        Context ctx = client.ctx();
        Generate g;
        try {
            g = generateParams(null, ctx, infill);
        } catch (HttpResponseException | IllegalArgumentException e) {
            client.sendEvent("failed", json.createObjectNode().put("error", e.getMessage()).toString());
            return;
        }
        try {
            ObjectNode done = work.run(() -> generate(g, infill, e -> client.sendEvent("step", e.toString()), client::terminated));
            client.sendEvent("done", done.toString());
        } catch (GenerationEvents.ClientGone gone) {
            // nothing to answer: the page was closed or moved on
        } catch (HttpResponseException | IllegalArgumentException e) {
            client.sendEvent("failed", json.createObjectNode().put("error", e.getMessage()).toString());
        }
    }

    private ObjectNode generate(Generate g, boolean infill, java.util.function.Consumer<ObjectNode> send, java.util.function.BooleanSupplier gone) {
        LoadedModel m = g.model().loaded();
        StagePolicies policies = infill ? m.infillPolicies(g.budget(), g.masked().knownCount()) : m.policies(g.budget());
        GenerationEvents events = new GenerationEvents(json, g.model(), policies, send, gone);
        SplittableRandom rng = new SplittableRandom(g.seed());
        Generation.Result r;
        int length = m.length();
        if (infill) {
            events.given(g.masked());
            length = g.masked().symbols().length;
            r = m.infill(g.masked(), 1, policies, 1f, rng, events);
        } else {
            r = m.sample(1, policies, 1f, rng, events);
        }
        return events.done(r.values(), length).put("model", g.model().name()).put("budget", g.budget()).put("seed", g.seed());
    }

    /** Exact fixed-order bits (in total and per symbol, for the heat map) and, over whole segments, the stochastic ELBO. */
    private void score(Context ctx) {
        ArdmModel served = models.get(ctx.queryParam("model"));
        byte[] data = ctx.bodyAsBytes();
        if (data.length == 0) throw new IllegalArgumentException("nothing to score: the request body is empty");
        int symbols = served.loaded().modality().toSymbols(data).length; // checked before any network call
        if (symbols > SCORE_LIMIT) throw new HttpResponseException(413, "score takes at most " + SCORE_LIMIT + " symbols; this has " + symbols);
        ObjectNode r = watched(ctx, watch -> {
            ArdmModel m = served.stoppingWhen(watch);
            double[] perSymbol = m.bitsPerPosition(data);
            ObjectNode o = json.createObjectNode().put("model", m.name()).put("symbols", perSymbol.length)
                    .put("bitsUnit", m.loaded().modality().bitsUnit()).put("nllBitsPerSymbol", Arrays.stream(perSymbol).sum() / perSymbol.length);
            ArrayNode heat = o.putArray("bitsPerPosition");
            for (double b : perSymbol) heat.add(Math.round(b * 1000) / 1000.0);
            if (m.orderAgnostic()) {
                ArdmModel.Elbo elbo = m.elbo(data, 8, 0);
                if (elbo != null) o.put("elboBitsPerSymbol", elbo.bitsPerSymbol()).put("elboStandardError", elbo.standardError()).put("elboSegments", elbo.segments());
            }
            return o;
        });
        ctx.contentType("application/json").result(r.toString());
    }

    private record Compressed(byte[] packed, long gzip, long xz) {}

    /** The .ardm file, with its size next to gzip's and xz's and the round trip checked (in headers, for curl -o). */
    private void compress(Context ctx) {
        ArdmModel served = models.get(ctx.queryParam("model"));
        byte[] data = ctx.bodyAsBytes();
        // One job: the round trip and the baselines are work too, and must not run outside the queue's bound.
        Compressed c = watched(ctx, watch -> {
            ArdmModel m = served.stoppingWhen(watch);
            byte[] packed = m.compress(data);
            if (!Arrays.equals(data, decompressWith(m, packed))) throw new IllegalStateException("the round trip failed for " + m.name());
            return new Compressed(packed, BaselineSizes.gzip(data), BaselineSizes.xz(data));
        });
        ctx.header("X-Ardm-Model", served.name()).header("X-Ardm-Original-Length", String.valueOf(data.length))
                .header("X-Ardm-Gzip-Length", String.valueOf(c.gzip())).header("X-Ardm-Xz-Length", String.valueOf(c.xz()))
                .header("X-Ardm-Round-Trip", "ok").contentType("application/octet-stream").result(c.packed());
    }

    /** The original bytes of a .ardm file; the model is found by the fingerprint in its header. */
    private void decompress(Context ctx) throws IOException {
        byte[] packed = ctx.bodyAsBytes();
        ArdmMembers.Summary summary = ArdmMembers.summarize(new ByteArrayInputStream(packed));
        ArdmModel m = models.withFingerprint(summary.first().modelFingerprint()).orElse(null);
        if (m == null && !summary.stored()) throw new IllegalArgumentException("this file was made with a model this server does not serve");
        ArdmModel model = m == null ? models.all().getFirst() : m;
        byte[] data = watched(ctx, watch -> decompressWith(model.stoppingWhen(watch), packed));
        ctx.header("X-Ardm-Model", m == null ? "(stored)" : m.name()).contentType("application/octet-stream").result(data);
    }

    /** A queued job that stops at its next network call once the request's client has gone away. */
    private <T> T watched(Context ctx, java.util.function.Function<ClientWatch, T> job) {
        ClientWatch watch = ClientWatch.of(ctx);
        try {
            return work.run(() -> job.apply(watch));
        } finally {
            watch.closeIfReadAhead(ctx);
        }
    }

    private static byte[] decompressWith(ArdmModel m, byte[] packed) {
        try {
            return m.decompress(packed);
        } catch (ArdmFormatException e) {
            throw new HttpResponseException(400, e.getMessage());
        }
    }

    private JsonNode body(Context ctx) throws IOException {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) return json.createObjectNode();
        JsonNode node = json.readTree(text);
        if (!node.isObject()) throw new IllegalArgumentException("the request body must be a JSON object");
        return node;
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static int intParam(Context ctx, String name, int fallback) {
        return parse(name, ctx.queryParam(name), fallback);
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }
}
