package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ardm bench train --network wavenet}: the audio reference step runs and reports its samples per second. */
class BenchTrainTest {
    @Test
    void theWaveNetStepIsTimedAndAnUnknownNetworkIsOneLine() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "train", "--network", "wavenet", "--steps", "1", "--warmup", "0", "--no-peer");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("reference wavenet"), o.out());
        assertTrue(o.out().matches("(?s).*ardm: \\d+ threads, median step \\d+ ms, [1-9]\\d* tokens/s.*"), o.out());
        CliCommandsTest.Output bad = CliCommandsTest.run("bench", "train", "--network", "lstm", "--no-peer");
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--network must be transformer or wavenet"), bad.err());
    }
}
