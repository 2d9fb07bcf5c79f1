package io.ardm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the DJL + PyTorch peer ({@code peer-djl/run}, its own Maven project) on the same reference training step and
 * reads its JSON line, so ardm's tokens/s can be divided by PyTorch's measured in the same run.
 */
public final class PeerBench {
    private PeerBench() {}

    /** {@code stepMs} is the median step, as ardm's. */
    public record Result(String djl, String pytorch, int threads, double minMs, double stepMs, double maxMs, double tokensPerSecond,
                         double peakRssMb) {}

    /** The peer's result, or null (with a note on {@code out}) when it cannot run here. */
    public static Result run(String network, int warmup, int steps, PrintStream out) throws IOException, InterruptedException {
        Path script = Path.of("peer-djl", "run");
        if (!Files.isExecutable(script)) {
            out.println("(peer skipped: " + script + " not found; run from the repository root)");
            return null;
        }
        Process p = new ProcessBuilder(script.toString(), "--model", network, "--warmup", String.valueOf(warmup), "--steps", String.valueOf(steps))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            out.println("(peer failed with exit code " + p.exitValue() + "; see its message above)");
            return null;
        }
        JsonNode j = new ObjectMapper().readTree(stdout.strip().lines().reduce((a, b) -> b).orElse("{}"));
        return new Result(j.path("djl").asText(), j.path("pytorch").asText(), j.path("threads").asInt(),
                j.path("step_ms_min").asDouble(), j.path("step_ms").asDouble(), j.path("step_ms_max").asDouble(), j.path("tokens_per_s").asDouble(), j.path("peak_rss_mb").asDouble());
    }
}
