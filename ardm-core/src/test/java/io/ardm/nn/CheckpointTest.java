package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    record TinyConfig(String model, int layers, double dropout, List<Integer> dims) {}

    private static final TinyConfig CONFIG = new TinyConfig("ao_arm", 2, 0.1, List.of(8, 16));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Parameters model(long seed) {
        Parameters p = new Parameters(seed);
        p.create("fc.kernel", Initializer.xavierUniform(), 8, 16);
        p.create("fc.bias", Initializer.normal(1e-6), 16);
        p.create("ln.scale", Initializer.ones(), 8);
        return p;
    }

    /** A model with an optimiser and EMA after a few training steps on random gradients. */
    private record Trained(Parameters params, AdamW opt, Ema ema) {
        static Trained fresh(long seed) {
            Parameters params = model(seed);
            return new Trained(params, new AdamW(params, new AdamW.Settings(0.9, 0.99, 1e-8, 0.001)), new Ema(params));
        }

        static Trained run(int steps) {
            Trained trained = fresh(1);
            trained.train(steps, 99);
            return trained;
        }

        void train(int steps, long gradientSeed) {
            SplittableRandom rng = new SplittableRandom(gradientSeed + opt.count());
            for (int s = 0; s < steps; s++) {
                for (Tensor w : params.asMap().values()) {
                    float[] g = w.grad();
                    for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
                }
                GradClip.clipGlobalNorm(params, 0.25);
                opt.step(LearningRate.linearWarmup(5e-3, 3).at(opt.count()));
                ema.update(0.9);
            }
        }

        Checkpoint checkpoint() {
            ObjectNode meta = JSON.createObjectNode().put("step", opt.count()).put("seed", 1);
            return new Checkpoint(CONFIG, meta).withTensors(Checkpoint.PARAMS, params).withTensors(Checkpoint.EMA, ema.shadow())
                    .withOptimizer(opt.state()).withArray("loss_components", new double[] {1.5, -0.0, Double.MIN_VALUE, 1e300});
        }
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Trained.run(4).checkpoint().save(file);
        return file;
    }

    private static void assertSameBits(Parameters expected, Parameters actual) {
        for (String name : expected.names()) {
            float[] a = expected.get(name).data;
            float[] b = actual.get(name).data;
            assertEquals(a.length, b.length, name);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
            }
        }
    }

    private static String failureOf(Path file) {
        return assertThrows(CheckpointException.class, () -> Checkpoint.load(file)).getMessage();
    }

    @Test
    void saveLoadRoundTripIsBitExactAndResumingContinuesIdentically() throws IOException {
        Trained original = Trained.run(4);
        Path file = dir.resolve("run/model.ckpt");
        original.checkpoint().save(file);

        Checkpoint loaded = Checkpoint.load(file);
        assertEquals(JSON.valueToTree(CONFIG), loaded.config());
        assertEquals(CONFIG, JSON.treeToValue(loaded.config(), TinyConfig.class));
        assertEquals(4, loaded.metadata().get("step").asLong());
        double[] components = loaded.array("loss_components");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(components[1]));
        assertArrayEquals(new double[] {1.5, -0.0, Double.MIN_VALUE, 1e300}, components);

        Trained resumed = Trained.fresh(12345);
        loaded.restore(Checkpoint.PARAMS, resumed.params);
        loaded.restore(Checkpoint.EMA, resumed.ema.shadow());
        loaded.restoreOptimizer(resumed.opt);
        assertSameBits(original.params, resumed.params);
        assertSameBits(original.ema.shadow(), resumed.ema.shadow());
        assertEquals(original.opt.count(), resumed.opt.count());

        original.train(3, 7);
        resumed.train(3, 7);
        assertSameBits(original.params, resumed.params);
        assertSameBits(original.ema.shadow(), resumed.ema.shadow());
    }

    @Test
    void specialValuesAndTensorsLargerThanTheIoBufferRoundTrip() throws IOException {
        float[] specials = {Float.intBitsToFloat(0x7fc01234), -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        float[] large = new float[700_001]; // 2.8 MB: spans several 1 MiB chunks, ends mid-chunk
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < large.length; i++) large[i] = Float.intBitsToFloat(rng.nextInt());
        Map<String, Tensor> group = new LinkedHashMap<>();
        group.put("specials", Tensor.of(specials.clone(), specials.length));
        group.put("empty", Tensor.of(new float[0], 0, 3));
        group.put("large", Tensor.of(large.clone(), large.length));
        Path file = dir.resolve("specials.ckpt");
        new Checkpoint(CONFIG, null).withTensors("misc", group).withArray("none", new double[0]).save(file);
        Map<String, Tensor> back = Checkpoint.load(file).tensors("misc");
        assertEquals(List.of("specials", "empty", "large"), List.copyOf(back.keySet()));
        assertEquals(List.of(0, 3), List.of(back.get("empty").dim(0), back.get("empty").dim(1)));
        for (String name : List.of("specials", "large")) {
            float[] want = group.get(name).data;
            float[] got = back.get(name).data;
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), name + "[" + i + "]");
            }
        }
    }

    @Test
    void halfTensorsStoreFloat16BitsAtHalfTheSizeAndKeepTheirFingerprint() throws IOException {
        Trained t = Trained.run(2);
        Path full = dir.resolve("full.ckpt");
        Path half = dir.resolve("half.ckpt");
        new Checkpoint(CONFIG, null).withTensors(Checkpoint.EMA, t.ema.shadow()).save(full);
        Checkpoint written = new Checkpoint(CONFIG, null).withHalfTensors(Checkpoint.EMA, t.ema.shadow().asMap());
        written.save(half);
        int values = 8 * 16 + 16 + 8;
        assertEquals(2L * values, Files.size(full) - Files.size(half) - (headerLength(full) - headerLength(half)),
                "two bytes saved per value");

        Checkpoint back = Checkpoint.load(half);
        assertTrue(back.isHalf(Checkpoint.EMA));
        for (String name : t.ema.shadow().names()) {
            float[] want = t.ema.shadow().get(name).data;
            float[] got = back.tensors(Checkpoint.EMA).get(name).data;
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(want[i])), got[i], name + "[" + i + "]");
            }
        }
        assertArrayEquals(written.fingerprint(), back.fingerprint(), "the fingerprint covers what is stored");
        assertFalse(Arrays.equals(Checkpoint.load(full).fingerprint(), back.fingerprint()), "rounding changes the model's identity");

        Path resaved = dir.resolve("resaved.ckpt");
        back.withArray("extra", new double[] {1}).save(resaved);
        assertTrue(Checkpoint.load(resaved).isHalf(Checkpoint.EMA), "a rewrite keeps the group's precision");
        assertArrayEquals(back.fingerprint(), Checkpoint.load(resaved).fingerprint());

        Map<String, Tensor> huge = Map.of("w", Tensor.of(new float[] {1e6f}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(CONFIG, null).withHalfTensors("g", huge));
    }

    private static int headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void aFlippedByteAnywhereIsAChecksumError() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);
        // One byte in the JSON header, one in the tensor data, one in the stored CRC itself.
        for (int position : new int[] {40, good.length / 2, good.length - 4, good.length - 1}) {
            byte[] bad = good.clone();
            bad[position] ^= 0x10;
            Files.write(file, bad);
            assertTrue(failureOf(file).endsWith("checkpoint is corrupt (checksum mismatch)"), "byte " + position + ": " + failureOf(file));
        }
    }

    @Test
    void truncatedFilesAreReportedAsTruncated() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);
        for (int length : new int[] {good.length - 1, good.length / 2, 30, 23, 12, 5, 0}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertTrue(failureOf(file).endsWith("checkpoint is truncated"), length + " bytes: " + failureOf(file));
        }
    }

    @Test
    void trailingBytesAreCorruption() throws IOException {
        Path file = saved();
        Files.write(file, new byte[3], java.nio.file.StandardOpenOption.APPEND);
        assertTrue(failureOf(file).contains("checkpoint is corrupt (3 unexpected bytes after the end)"), failureOf(file));
    }

    @Test
    void otherFilesAreNotCheckpoints() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello, this is not a checkpoint at all");
        assertEquals(file + ": not an ardm checkpoint", failureOf(file));
        Files.writeString(file, "hi");
        assertEquals(file + ": not an ardm checkpoint", failureOf(file));
    }

    @Test
    void unknownFormatVersionIsNamed() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(file, bytes);
        assertTrue(failureOf(file).endsWith("unsupported checkpoint format version 2 (this build reads version 1)"), failureOf(file));
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.ckpt");
        assertEquals(file + ": no such file", failureOf(file));
    }

    @Test
    void shapeMismatchNamesTheParameterAndCopiesNothing() throws IOException {
        Path file = saved();
        Parameters other = new Parameters(3);
        other.create("fc.kernel", Initializer.xavierUniform(), 8, 16);
        other.create("fc.bias", Initializer.zeros(), 32);
        other.create("ln.scale", Initializer.zeros(), 8);
        float[] before = other.get("fc.kernel").data.clone();
        Checkpoint loaded = Checkpoint.load(file);
        var e = assertThrows(CheckpointException.class, () -> loaded.restore(Checkpoint.PARAMS, other));
        assertEquals(file + ": checkpoint does not match the model: parameter fc.bias has shape [16] but the model expects [32]", e.getMessage());
        assertArrayEquals(before, other.get("fc.kernel").data, "nothing restored on a mismatch");
    }

    @Test
    void missingAndExtraParametersAreMismatches() throws IOException {
        Checkpoint loaded = Checkpoint.load(saved());
        Parameters bigger = model(1);
        bigger.create("head.kernel", Initializer.zeros(), 16, 28);
        assertTrue(assertThrows(CheckpointException.class, () -> loaded.restore(Checkpoint.PARAMS, bigger)).getMessage()
                .endsWith("checkpoint does not match the model: parameter head.kernel is missing from the checkpoint"));
        Parameters smaller = new Parameters(1);
        smaller.create("fc.kernel", Initializer.zeros(), 8, 16);
        smaller.create("fc.bias", Initializer.zeros(), 16);
        assertTrue(assertThrows(CheckpointException.class, () -> loaded.restore(Checkpoint.EMA, smaller)).getMessage()
                .endsWith("checkpoint does not match the model: the checkpoint has ema tensor ln.scale, which the model lacks"));
    }

    @Test
    void loadingSomeGroupsSkipsTheRestButStillChecksTheWholeFile() throws IOException {
        Path file = saved();
        Checkpoint emaOnly = Checkpoint.load(file, Set.of(Checkpoint.EMA));
        assertTrue(emaOnly.hasGroup(Checkpoint.EMA));
        assertFalse(emaOnly.hasGroup(Checkpoint.PARAMS));
        assertFalse(emaOnly.hasGroup(Checkpoint.OPTIMIZER));
        assertTrue(assertThrows(CheckpointException.class, () -> emaOnly.tensors(Checkpoint.PARAMS)).getMessage()
                .endsWith("checkpoint has no 'params' tensors"));
        assertArrayEquals(Checkpoint.load(file).fingerprint(), emaOnly.fingerprint());

        byte[] bad = Files.readAllBytes(file);
        bad[bad.length - 10] ^= 1; // inside the data of a group that is not loaded
        Files.write(file, bad);
        assertThrows(CheckpointException.class, () -> Checkpoint.load(file, Set.of(Checkpoint.EMA)));
    }

    @Test
    void fingerprintTracksConfigAndWeightsOnly() throws IOException {
        Trained t = Trained.run(2);
        JsonNode config = JSON.valueToTree(CONFIG);
        byte[] base = Checkpoint.fingerprint(config, t.ema.shadow().asMap());
        assertEquals(32, base.length);
        assertArrayEquals(base, t.checkpoint().fingerprint(), "instance fingerprint uses the EMA weights");

        Path file = dir.resolve("fp.ckpt");
        t.checkpoint().save(file);
        assertArrayEquals(base, Checkpoint.load(file).fingerprint(), "unchanged by a save/load round trip");

        Map<String, Tensor> reversed = new LinkedHashMap<>();
        List<String> names = t.ema.shadow().names();
        for (int i = names.size() - 1; i >= 0; i--) reversed.put(names.get(i), t.ema.shadow().get(names.get(i)));
        assertArrayEquals(base, Checkpoint.fingerprint(config, reversed), "independent of map order");
        ObjectNode reordered = JSON.createObjectNode().put("layers", 2).put("model", "ao_arm");
        reordered.putArray("dims").add(8).add(16);
        reordered.put("dropout", 0.1);
        assertArrayEquals(base, Checkpoint.fingerprint(reordered, t.ema.shadow().asMap()), "independent of key order");

        t.ema.shadow().get("fc.kernel").data[5] = Math.nextUp(t.ema.shadow().get("fc.kernel").data[5]);
        assertFalse(Arrays.equals(base, Checkpoint.fingerprint(config, t.ema.shadow().asMap())), "one ulp in one weight");
        t.ema.shadow().get("fc.kernel").data[5] = Math.nextDown(t.ema.shadow().get("fc.kernel").data[5]);
        assertArrayEquals(base, Checkpoint.fingerprint(config, t.ema.shadow().asMap()));
        JsonNode otherConfig = JSON.valueToTree(new TinyConfig("ao_arm", 3, 0.1, List.of(8, 16)));
        assertFalse(Arrays.equals(base, Checkpoint.fingerprint(otherConfig, t.ema.shadow().asMap())), "config change");
        assertEquals(64, Checkpoint.hex(base).length());
    }

    @Test
    void atomicWriteLeavesOnlyTheTargetAndReplacesOldVersions() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Trained t = Trained.run(1);
        t.checkpoint().save(file);
        t.train(1, 5);
        t.checkpoint().save(file);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(2, Checkpoint.load(file).metadata().get("step").asLong());
    }

    @Test
    void failedWriteDeletesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class, () -> Trained.run(1).checkpoint().save(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
