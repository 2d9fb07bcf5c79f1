package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ardm.nn.Checkpoint;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.RunConfigs;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import io.ardm.run.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a script meets, in spawned JVMs: kill -9 at random points of compress, decompress and training, SIGTERM and
 * SIGINT during training, and a full file system. The input, the previous output and the last checkpoint survive;
 * an output is absent or complete; a later run leaves no temporaries.
 */
class FaultTest {
    /** Compress and decompress runs killed at random points (each then rerun to the end over what it left). */
    private static final int KILLS = 2;
    @TempDir static Path dir;
    static Path model;
    static byte[] content;
    static byte[] packed;

    @BeforeAll
    static void tinyModelAndATwoMegabyteFile() throws Exception {
        new Trainer(TinyRuns.config(2, 6), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("m").resolve(Trainer.CHECKPOINT);
        content = CliStreamingTest.words(2_000_000, 3);
        Path reference = Files.write(dir.resolve("reference.txt"), content);
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-q", "-k", "-b", "1", "-m", model.toString(), reference.toString());
        assertEquals(0, c.exit(), c.err());
        packed = Files.readAllBytes(dir.resolve("reference.txt.ardm"));
    }

    @Test
    void killNineDuringCompressOrDecompressLeavesTheInputAndACompleteOutputOrNone() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < KILLS; i++) {
            Path in = Files.write(dir.resolve("k" + i + ".txt"), content);
            killedAfter(300 + r.nextInt(2500), "compress", "-q", "-k", "-b", "1", "-m", model.toString(), in.toString());
            assertArrayEquals(content, Files.readAllBytes(in), "the input survives");
            Path out = dir.resolve("k" + i + ".txt.ardm");
            if (Files.exists(out)) assertArrayEquals(packed, Files.readAllBytes(out), "an output is complete");

            Path compressed = Files.write(dir.resolve("d" + i + ".txt.ardm"), packed);
            killedAfter(300 + r.nextInt(2500), "decompress", "-q", "-k", "-m", model.toString(), compressed.toString());
            assertArrayEquals(packed, Files.readAllBytes(compressed), "the compressed input survives");
            Path restored = dir.resolve("d" + i + ".txt");
            if (Files.exists(restored)) assertArrayEquals(content, Files.readAllBytes(restored), "a decompressed output is complete");
        }
        // Runs to the end over the killed runs' outputs: their temporaries (pid of a dead writer) are removed.
        for (int i = 0; i < KILLS; i++) {
            ChildCli.Result c = ChildCli.run(ChildCli.builder(List.of(), "compress", "-q", "-k", "-f", "-b", "1", "-m", model.toString(),
                    dir.resolve("k" + i + ".txt").toString()), 120);
            assertEquals(0, c.exit(), c.err());
            ChildCli.Result d = ChildCli.run(ChildCli.builder(List.of(), "decompress", "-q", "-k", "-f", "-m", model.toString(),
                    dir.resolve("d" + i + ".txt.ardm").toString()), 120);
            assertEquals(0, d.exit(), d.err());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(), "no temporaries left");
        }
    }

    @Test
    void sigtermAndSigintCheckpointAndKillNineKeepTheLastCheckpoint() throws Exception {
        Path config = Files.writeString(dir.resolve("run.json"), RunConfigs.toJson(TinyRuns.config(1_000_000, 3)));
        Path run = dir.resolve("run");
        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        long step = 0;
        // A JVM started with SIGINT ignored (a background job of a non-interactive shell) keeps ignoring it; so do its children.
        List<String> signals = sigintIgnored() ? List.of("TERM", "KILL") : List.of("TERM", "INT", "KILL");
        for (String signal : signals) {
            Process p = ChildCli.builder(List.of(), "train", "--config", config.toString(), "--run", run.toString(), "--no-progress",
                    step == 0 ? "--force" : "--resume").start();
            long before = step;
            waitFor(() -> stepOf(checkpoint) > before + 3, 90);
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            String err = ChildCli.stderr(p);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "training did not stop on SIG" + signal);
            if (!signal.equals("KILL")) {
                assertTrue(err.contains("interrupted: checkpoint at step"), "SIG" + signal + ": " + err);
            }
            RunCheckpoint.loadForInference(checkpoint); // loadable after every signal
            long now = stepOf(checkpoint);
            assertTrue(now > before, "SIG" + signal + " after step " + before + ": checkpoint at " + now);
            step = now;
        }
        ChildCli.Result resumed = ChildCli.run(ChildCli.builder(List.of(), "train", "--config", config.toString(), "--run", run.toString(),
                "--no-progress", "--resume", "--steps", Long.toString(step + 2)), 120);
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(step + 2, stepOf(checkpoint), "--resume continues from the last checkpoint");
    }

    @Test
    void aFullFileSystemIsOneLineAndLeavesNoFile() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString()).start().waitFor() == 0;
        assumeTrue(mounted, "needs root to mount a small tmpfs (CI runs as root)");
        try {
            byte[] noise = new byte[300_000]; // random letters: about 4.8 bits each, so well over the 64 KB free
            SplittableRandom letters = new SplittableRandom(5);
            for (int i = 0; i < noise.length; i++) noise[i] = (byte) " abcdefghijklmnopqrstuvwxyz".charAt(letters.nextInt(27));
            Path in = Files.write(dir.resolve("noise.bin"), noise);
            Path inPlace = full.resolve("noise.bin.ardm");
            ChildCli.Result r = ChildCli.run(ChildCli.builder(List.of(), "compress", "-q", "-b", "1", "-m", model.toString(), "-o",
                    inPlace.toString(), in.toString()), 120);
            assertEquals(1, r.exit(), r.err());
            assertEquals("ardm compress: " + inPlace + ": write error: No space left on device\n", r.err());
            r = ChildCli.run(ChildCli.builder(List.of(), "compress", "-q", "-c", "-b", "1", "-m", model.toString(), in.toString())
                    .redirectOutput(full.resolve("stdout.ardm").toFile()), 120);
            assertEquals(1, r.exit(), r.err());
            assertEquals("ardm compress: (stdout): write error: No space left on device\n", r.err());
            Files.delete(full.resolve("stdout.ardm")); // what the shell's redirection created
            try (Stream<Path> left = Files.list(full)) {
                assertEquals(List.of(), left.toList(), "no output and no temporary on the full file system");
            }
            assertArrayEquals(noise, Files.readAllBytes(in));
        } finally {
            new ProcessBuilder("umount", full.toString()).start().waitFor();
        }
    }

    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return true;
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & 0x2) != 0);
    }

    private static void killedAfter(long millis, String... args) throws Exception {
        Process p = ChildCli.builder(List.of(), args).start();
        if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private static long stepOf(Path checkpoint) {
        try {
            return Files.exists(checkpoint) ? Checkpoint.load(checkpoint).metadata().path("step").asLong() : 0;
        } catch (IOException e) {
            return 0; // being replaced right now: look again
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < end, "timed out waiting");
            Thread.sleep(100);
        }
    }
}
