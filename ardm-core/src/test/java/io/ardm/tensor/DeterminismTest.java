package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compressor's premise (numerics.md): a forward pass gives the same bits with the 256- and 512-bit
 * species, 1 or 2 threads, alone or inside a batch, interpreted (-Xint) or JIT-compiled.
 */
class DeterminismTest {
    @Test
    void logitsAreBitIdenticalAloneAndInsideABatchForAnyThreadCount() throws Exception {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            String alone2 = DeterminismProbe.fingerprint(1);
            String batched2 = DeterminismProbe.fingerprint(8);
            Parallel.setThreads(1);
            String alone1 = DeterminismProbe.fingerprint(1);
            assertEquals(alone2, batched2, "item alone vs inside a batch of 8");
            assertEquals(alone2, alone1, "2 threads vs 1 thread");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void logitsAreBitIdenticalAcrossVectorWidthsAndTheInterpreter() throws Exception {
        String reference = DeterminismProbe.fingerprint(1);
        String[][] variants = {
            {"-Dardm.vector.bits=512", "2"},
            {"-Dardm.vector.bits=256", "1"},
            {"-Xint", "2"},
            {"-Dardm.gemm.rows=" + (PackedGemm.MR == 12 ? 4 : 12), "2"}, // the register tile this machine does not pick
        };
        for (String[] v : variants) {
            String[] hashes = runProbe(v[0], v[1]).split(" ");
            assertEquals(reference, hashes[0], "alone, JVM with " + v[0] + ", " + v[1] + " thread(s)");
            assertEquals(reference, hashes[1], "batched, JVM with " + v[0] + ", " + v[1] + " thread(s)");
        }
    }

    private static String runProbe(String jvmFlag, String threads) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add(jvmFlag);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismProbe.class.getName());
        cmd.add(threads);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("probe failed (" + jvmFlag + "): " + out);
        return out.lines().reduce((a, b) -> b).orElse(""); // the hashes are the last line; the JVM may warn before it
    }
}
