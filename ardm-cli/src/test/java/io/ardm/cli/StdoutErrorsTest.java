package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ardm.run.TrainingListener;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output's write errors end the command with one line and a non-zero exit (a script that deletes its input
 * after `ardm compress -c` must be able to trust the exit code). The CLI runs in a spawned JVM whose stdout is
 * /dev/full, where every write fails with ENOSPC.
 */
class StdoutErrorsTest {
    @TempDir static Path dir;
    static Path model;
    static Path text;

    @BeforeAll
    static void trainATinyModel() throws Exception {
        new Trainer(TinyRuns.config(3, 1), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("m").resolve(Trainer.CHECKPOINT);
        text = Files.writeString(dir.resolve("t.txt"), "abcd dcba ".repeat(100));
    }

    static ChildCli.Result cli(File stdout, String... args) throws Exception {
        return ChildCli.run(ChildCli.builder(List.of(), args).redirectOutput(stdout), 120);
    }

    @Test
    void aFullDiskUnderStdoutIsAnErrorForDataAndForText() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "needs /dev/full (Linux)");
        for (String[] args : new String[][] {
                {"compress", "-c", "-m", model.toString(), "-b", "5", text.toString()},
                {"sample", "-m", model.toString(), "-b", "5"}}) {
            ChildCli.Result r = cli(full, args);
            assertEquals(1, r.exit(), args[0] + ": " + r.err());
            List<String> lines = r.err().lines().toList();
            if (args[0].equals("compress")) assertEquals(1, lines.size(), r.err());
            assertEquals("ardm " + args[0] + ": (stdout): write error: No space left on device", lines.get(lines.size() - 1), r.err());
        }
        assertTrue(Files.exists(text), "-c keeps the input");
    }

    @Test
    void aClosedPipeUnderStdoutIsAnError() throws Exception {
        // `ardm compress -c f | consumer` where the consumer has already gone: the reading end is closed before the
        // JVM has started, so its first write meets EPIPE (the JVM ignores SIGPIPE, so the error is ours to report).
        Process p = ChildCli.builder(List.of(), "compress", "-c", "-m", model.toString(), "-b", "5", text.toString()).start();
        p.getInputStream().close();
        String err = ChildCli.stderr(p);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        assertEquals(1, p.exitValue(), err);
        String last = err.lines().reduce("", (a, b) -> b);
        assertEquals("ardm compress: (stdout): write error: Broken pipe", last, err);
        assertTrue(Files.exists(text), "-c keeps the input");
    }

    @Test
    void stdoutToAFileStillWorks() throws Exception {
        File packed = dir.resolve("t.txt.ardm").toFile();
        ChildCli.Result c = cli(packed, "compress", "-c", "-m", model.toString(), "-b", "5", text.toString());
        assertEquals(0, c.exit(), c.err());
        File back = dir.resolve("back.txt").toFile();
        ChildCli.Result d = cli(back, "decompress", "-c", "-m", model.toString(), packed.toString());
        assertEquals(0, d.exit(), d.err());
        assertArrayEquals(Files.readAllBytes(text), Files.readAllBytes(back.toPath()));
    }
}
