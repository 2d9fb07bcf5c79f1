package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ardm bench train}: the reference steps are timed, with their model FLOPs, MFU and memory. */
class BenchTrainTest {
    private static final Pattern ARDM_LINE = Pattern.compile(
            "ardm: \\d+ threads, median step (\\d+) ms \\(min \\d+, max \\d+, 2 steps\\), ([1-9]\\d*) tokens/s, MFU [1-9]\\d*%; "
                    + "activations and gradients [1-9]\\d* MB, peak RSS [1-9]\\d* MB");

    /**
     * The transformer's counted FLOPs are the closed form: 3 × the forward multiply-adds (backward twice the forward) × 2,
     * per token L·(4d² + 2·d·mlp + 2·T·d) + d·V, for B·T = 16·256 tokens of the reference (4 layers, d 256, MLP 1024, V 28).
     */
    @Test
    void theReferenceStepCountsTheClosedFormFlops() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "train", "--steps", "2", "--warmup", "0", "--no-peer");
        assertEquals(0, o.exit(), o.err());
        long perToken = 4L * (4 * 256 * 256 + 2 * 256 * 1024 + 2 * 256 * 256) + 256 * 28;
        double gflop = 6.0 * 16 * 256 * perToken / 1e9;
        assertTrue(o.out().contains(String.format("model: %.1f GFLOP per step", gflop)), gflop + "\n" + o.out());
        Matcher m = ARDM_LINE.matcher(o.out());
        assertTrue(m.find(), o.out());
        // The tokens per second are the step's 16 × 256 tokens over its median time (both printed rounded).
        double perSecond = 16 * 256 / (Double.parseDouble(m.group(1)) / 1000);
        assertEquals(perSecond, Double.parseDouble(m.group(2)), 0.01 * perSecond, m.group());
        // The step as training runs it, timed after it, with its speed relative to the whole step's.
        Matcher trained = AS_TRAINED.matcher(o.out());
        assertTrue(trained.find(), o.out());
        double ratio = Double.parseDouble(trained.group(2)) / Double.parseDouble(m.group(2));
        assertEquals(ratio, Double.parseDouble(trained.group(3)), 0.01 * ratio + 0.005, trained.group());
    }

    private static final Pattern AS_TRAINED = Pattern.compile(
            "ardm as `ardm train` runs it \\(.*\\): median step (\\d+) ms \\(min \\d+, max \\d+\\), ([1-9]\\d*) tokens/s, (\\d+\\.\\d\\d)× the step above");

    @Test
    void theWaveNetStepIsTimedAndAnUnknownNetworkIsOneLine() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "train", "--network", "wavenet", "--steps", "2", "--warmup", "0", "--no-peer");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("reference wavenet"), o.out());
        assertTrue(ARDM_LINE.matcher(o.out()).find(), o.out());
        CliCommandsTest.Output bad = CliCommandsTest.run("bench", "train", "--network", "lstm", "--no-peer");
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--network must be transformer, wavenet or unet"), bad.err());
    }

    /** Rounds time the same warm step again (one line each, numbered); a count below one is a one-line error. */
    @Test
    void roundsRepeatTheTimedStepsAndZeroRoundsIsOneLine() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "train", "--network", "wavenet", "--steps", "1", "--warmup", "0",
                "--rounds", "2", "--no-peer");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("round 1/2: ardm: "), o.out());
        assertTrue(o.out().contains("round 2/2: ardm: "), o.out());
        assertEquals(1, o.out().lines().filter(l -> l.startsWith("model: ")).count(), o.out());
        CliCommandsTest.Output bad = CliCommandsTest.run("bench", "train", "--rounds", "0", "--no-peer");
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--rounds must be at least 1"), bad.err());
    }

    @Test
    void theUNetStepIsTimedWithItsFlops() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "train", "--network", "unet", "--steps", "2", "--warmup", "0", "--no-peer");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("reference unet"), o.out());
        assertTrue(o.out().matches("(?s).*model: [1-9][0-9.]* GFLOP per step.*"), o.out());
        assertTrue(ARDM_LINE.matcher(o.out()).find(), o.out());
    }
}
