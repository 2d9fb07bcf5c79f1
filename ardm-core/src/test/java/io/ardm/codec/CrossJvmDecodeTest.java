package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * compute differently: interpreted (-Xint; C2 only for the image model), the 256-bit species on one thread, the 512-bit
 * species on two; a text8 transformer model and an upscale U-Net image model. Each variant compares with {@code expected}
 * when given and the decoded files are returned.
 */
class CrossJvmDecodeTest {
    @Test
    void decodesUnderTheInterpreterAndOtherVectorWidthsAndThreadCounts(@TempDir Path dir) throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog and keeps running through the night ".repeat(2)
                .getBytes(StandardCharsets.US_ASCII);
        Path packed = dir.resolve("t.ardm");
        Files.write(packed, FileCodecFuzz.codec(5).compress(text, 6));
        assertDecodesEverywhere(dir, packed, "5", text, INTERPRETED);
    }

    @Test
    void aPictureDecodesToTheSamePixelsEverywhere(@TempDir Path dir) throws Exception {
        FileCodecFuzz.ImageCase c = FileCodecFuzz.imageCase(7);
        byte[] packed = c.codec().compress(c.png(), 4);
        ArdmContainer.Contents contents = ArdmContainer.read(new java.io.ByteArrayInputStream(packed));
        assertFalse(contents.header().stored());
        for (byte[] p : contents.payloads()) assertEquals(SegmentedFileCodec.RANS, p[0], "the upscale U-Net's rANS stream is what is tested");
        Path file = Files.write(dir.resolve("p.png.ardm"), packed);
        byte[] pixels = io.ardm.modality.image.Png.read(c.png()).pixels();
        // Not interpreted: -Xint runs the U-Net's vector kernels for minutes (DeterminismTest checks its logits there).
        for (byte[] decoded : assertDecodesEverywhere(dir, file, "image:7", null, C2_ONLY)) {
            assertArrayEquals(pixels, io.ardm.modality.image.Png.read(decoded).pixels());
        }
    }

    private static final String[] INTERPRETED = {"-Xint", "2"}, C2_ONLY = {"-XX:-TieredCompilation", "1"};

    /** Decodes in a JVM with {@code first}'s flag and thread count, then with the 256-bit species on 1 thread and the 512-bit on 2. */
    private static List<byte[]> assertDecodesEverywhere(Path dir, Path packed, String model, byte[] expected, String[] first) throws Exception {
        String[][] variants = {first, {"-Dardm.vector.bits=256", "1"}, {"-Dardm.vector.bits=512", "2"}};
        List<byte[]> decoded = new java.util.ArrayList<>();
        for (String[] v : variants) {
            Path out = dir.resolve("out" + v[0].hashCode());
            List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "--add-modules", "jdk.incubator.vector", v[0], "-cp", System.getProperty("java.class.path"),
                    CrossJvmDecodeProbe.class.getName(), v[1], model, packed.toString(), out.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(v[0] + ": " + log);
            if (expected != null) assertArrayEquals(expected, Files.readAllBytes(out), "decoded with " + v[0] + ", " + v[1] + " thread(s)");
            decoded.add(Files.readAllBytes(out));
        }
        return decoded;
    }
}
