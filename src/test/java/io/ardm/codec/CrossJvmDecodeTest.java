package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file compressed here (JIT, preferred vector width, batched encoder) decodes to the original in fresh JVMs that
 * compute differently: interpreted (-Xint), the 256-bit species on one thread, the 512-bit species on two.
 */
class CrossJvmDecodeTest {
    @Test
    void decodesUnderTheInterpreterAndOtherVectorWidthsAndThreadCounts(@TempDir Path dir) throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog and keeps running through the night ".repeat(2)
                .getBytes(StandardCharsets.US_ASCII);
        Path packed = dir.resolve("t.ardm");
        Files.write(packed, FileCodecFuzz.codec(5).compress(text, 6));
        String[][] variants = {{"-Xint", "2"}, {"-Dardm.vector.bits=256", "1"}, {"-Dardm.vector.bits=512", "2"}};
        for (String[] v : variants) {
            Path out = dir.resolve("out" + v[0].hashCode());
            List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "--add-modules", "jdk.incubator.vector", v[0], "-cp", System.getProperty("java.class.path"),
                    CrossJvmDecodeProbe.class.getName(), v[1], "5", packed.toString(), out.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(v[0] + ": " + log);
            assertArrayEquals(text, Files.readAllBytes(out), "decoded with " + v[0] + ", " + v[1] + " thread(s)");
        }
    }
}
