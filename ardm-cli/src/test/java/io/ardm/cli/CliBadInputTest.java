package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.run.TrainingListener;
import io.ardm.run.Trainer;
import io.ardm.run.TinyRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line on stderr, a non-zero exit, and leaves no partial output behind. */
class CliBadInputTest {
    @TempDir static Path dir;
    static Path model;
    static Path otherModel;

    @BeforeAll
    static void trainTwoTinyModels() throws Exception {
        new Trainer(TinyRuns.config(2, 7), TinyRuns.corpus(), dir.resolve("a"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        new Trainer(TinyRuns.config(2, 99), TinyRuns.corpus(), dir.resolve("b"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("a").resolve(Trainer.CHECKPOINT);
        otherModel = dir.resolve("b").resolve(Trainer.CHECKPOINT);
    }

    record Run(int exit, String err) {}

    /** Runs in-process; err is everything written to stderr (picocli's writer and System.err). */
    static Run run(String... args) {
        CliCommandsTest.Output o = CliCommandsTest.run(args);
        return new Run(o.exit(), o.err());
    }

    static void assertOneLineError(Run r, String expectedFragment) {
        assertTrue(r.exit != 0, "exit code");
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertTrue(r.err.contains(expectedFragment), r.err);
    }

    @Test
    void roundTripAndEveryKindOfBadInput() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "in the beginning god created the heaven and the earth ".repeat(12));
        assertEquals(0, run("compress", "-k", "-m", model.toString(), "-b", "10", text.toString()).exit);
        Path packed = dir.resolve("t.txt.ardm");
        byte[] good = Files.readAllBytes(packed);
        Files.delete(text);
        assertEquals(0, run("decompress", "-m", model.toString(), packed.toString()).exit);
        assertEquals("in the beginning god created the heaven and the earth ".repeat(12), Files.readString(text));
        assertFalse(Files.exists(packed), "input deleted without -k, as xz does");

        Files.write(packed, good);
        Files.delete(text);
        assertOneLineError(run("decompress", "-m", otherModel.toString(), packed.toString()), "compressed with a different model");
        Files.write(packed, java.util.Arrays.copyOf(good, good.length - 5));
        assertOneLineError(run("decompress", "-m", model.toString(), packed.toString()), "truncated");
        byte[] flipped = good.clone();
        flipped[flipped.length - 9] ^= 0x10;
        Files.write(packed, flipped);
        Run corrupt = run("decompress", "-m", model.toString(), packed.toString());
        assertOneLineError(corrupt, "corrupt");
        assertFalse(Files.exists(text), "no partial output after a failed decompression");
        assertArrayEquals(flipped, Files.readAllBytes(packed), "the input is untouched");

        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "hello World", StandardCharsets.US_ASCII);
        assertOneLineError(run("compress", "-m", model.toString(), bad.toString()), "character 'W' (U+0057) at offset 6");
        assertFalse(Files.exists(dir.resolve("bad.txt.ardm")));
        assertTrue(Files.exists(bad));

        assertOneLineError(run("compress", "-m", dir.resolve("missing.ardm").toString(), bad.toString()), "no such file");
        assertOneLineError(run("decompress", "-m", model.toString(), bad.toString()), "no .ardm suffix");
        Path notArdm = dir.resolve("x.ardm");
        Files.writeString(notArdm, "plain text, not compressed");
        assertOneLineError(run("decompress", "-m", model.toString(), notArdm.toString()), "not an ardm file");
        assertOneLineError(run("compress", "-m", model.toString(), "-b", "0", bad.toString()), "budget");
        // File-system failures name the file and the reason, as the C tools do.
        assertOneLineError(run("compress", "-m", model.toString(), dir.toString()), dir + ": Is a directory");
        assertOneLineError(run("compress", "-m", model.toString(), dir.resolve("absent.txt").toString()),
                dir.resolve("absent.txt") + ": No such file or directory");
        Files.writeString(bad, "hello world");
        assertOneLineError(run("compress", "-m", model.toString(), "-b", "5", bad.toString(), dir.resolve("nodir").resolve("x").toString()),
                dir.resolve("nodir").resolve("x") + ": No such file or directory");
    }

    /** The left-to-right baseline codes one character per call: B = D by default, any other budget is refused. */
    @Test
    void leftToRightBaselineCompressesAtItsOnlyBudget() throws Exception {
        new Trainer(TinyRuns.config(2, 5).asLeftToRight(), TinyRuns.corpus(), dir.resolve("ltr"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        String ltr = dir.resolve("ltr").resolve(Trainer.CHECKPOINT).toString();
        Path text = dir.resolve("l.txt");
        String content = "and the earth was without form and void ".repeat(3);
        Files.writeString(text, content);
        assertOneLineError(run("compress", "-k", "-m", ltr, "-b", "10", text.toString()), "its only budget is D=");
        assertEquals(0, run("compress", "-m", ltr, text.toString()).exit);
        assertEquals(0, run("decompress", "-m", ltr, dir.resolve("l.txt.ardm").toString()).exit);
        assertEquals(content, Files.readString(text));
    }
}
