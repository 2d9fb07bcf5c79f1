package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.run.TrainingListener;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import io.ardm.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What people type from xz and zstd: -t, -l, -v, -q, -d, -o, -T, several files, exit codes 0/1/2. */
class CompressHabitsTest {
    @TempDir static Path dir;
    static String model;

    @BeforeAll
    static void trainATinyModel() throws Exception {
        new Trainer(TinyRuns.config(3, 2), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("m").resolve(Trainer.CHECKPOINT).toString();
    }

    private static Path text(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static CliCommandsTest.Output ardm(String... args) {
        return CliCommandsTest.run(args);
    }

    @Test
    void testAndListReadWithoutWriting() throws Exception {
        Path t = text("a.txt", "abcd dcba ".repeat(60));
        assertEquals(0, ardm("compress", "-m", model, "-b", "5", t.toString()).exit());
        Path packed = dir.resolve("a.txt.ardm");
        CliCommandsTest.Output test = ardm("decompress", "-t", "-m", model, packed.toString());
        assertEquals(0, test.exit(), test.err());
        assertFalse(Files.exists(t), "--test writes nothing");
        assertEquals(0, ardm("compress", "-t", "-m", model, packed.toString()).exit(), "compress -t tests too, as xz -t");

        CliCommandsTest.Output list = ardm("decompress", "-l", "-m", model, packed.toString());
        assertEquals(0, list.exit(), list.err());
        String row = list.out().lines().toList().get(1);
        assertTrue(row.startsWith("4 ") && row.contains(" text8 ") && row.contains(model) && row.contains(" 5 ") && row.contains(" 600 ")
                && row.contains(String.format("%,d", Files.size(packed))), list.out());

        byte[] bad = Files.readAllBytes(packed);
        bad[bad.length - 3] ^= 1;
        Path broken = Files.write(dir.resolve("b.txt.ardm"), bad);
        CliCommandsTest.Output failed = ardm("decompress", "-t", "-m", model, broken.toString(), packed.toString());
        assertEquals(1, failed.exit(), "an error");
        assertEquals(1, failed.err().lines().filter(l -> l.startsWith("ardm decompress: ")).count(), failed.err());
    }

    @Test
    void aFailedFileDoesNotStopTheOthersAndWarningsExitTwo() throws Exception {
        Path good = text("good.txt", "abcd ".repeat(40));
        Path missing = dir.resolve("missing.txt");
        CliCommandsTest.Output o = ardm("compress", "-v", "-m", model, "-b", "5", missing.toString(), good.toString());
        assertEquals(1, o.exit(), o.err());
        assertTrue(Files.exists(dir.resolve("good.txt.ardm")), "the file after the failed one is compressed");
        assertTrue(o.err().contains("good.txt: 200 bytes, ") && o.err().contains("1 of 2 files: 200 bytes"), o.err());

        CliCommandsTest.Output skip = ardm("compress", "-m", model, dir.resolve("good.txt.ardm").toString());
        assertEquals(2, skip.exit(), skip.err());
        assertTrue(skip.err().contains("already has the .ardm suffix"), skip.err());
        CliCommandsTest.Output quiet = ardm("compress", "-q", "-m", model, dir.resolve("good.txt.ardm").toString());
        assertEquals(2, quiet.exit());
        assertEquals("", quiet.err().strip());

        CliCommandsTest.Output d = ardm("compress", "-d", "-m", model, dir.resolve("good.txt.ardm").toString());
        assertEquals(0, d.exit(), d.err());
        assertEquals("abcd ".repeat(40), Files.readString(good), "compress -d decompresses");
    }

    @Test
    void dashOWritesThereAndKeepsTheInput() throws Exception {
        Path t = text("o.txt", "bad cab dab ".repeat(20));
        Path out = dir.resolve("elsewhere.bin");
        assertEquals(0, ardm("compress", "-m", model, "-b", "5", "-o", out.toString(), t.toString()).exit());
        assertTrue(Files.exists(t) && Files.exists(out));
        Path back = dir.resolve("back.txt");
        assertEquals(0, ardm("decompress", "-m", model, "-o", back.toString(), out.toString()).exit(), "-o needs no suffix");
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(back));
        CliCommandsTest.Output two = ardm("compress", "-m", model, "-o", out.toString(), t.toString(), back.toString());
        assertEquals(1, two.exit());
        assertTrue(two.err().contains("-o takes exactly one input"), two.err());
    }

    @Test
    void everyThreadCountWritesTheSameBytes() throws Exception {
        Path t = text("big.txt", "abcd bcda cdab dabc ".repeat(200));
        byte[][] outputs = new byte[3][];
        try {
            for (int n = 1; n <= 3; n++) {
                Path out = dir.resolve("big." + n + ".ardm");
                assertEquals(0, ardm("compress", "-T", String.valueOf(n), "-m", model, "-b", "7", "-o", out.toString(), t.toString()).exit());
                outputs[n - 1] = Files.readAllBytes(out);
            }
        } finally {
            Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        }
        assertArrayEquals(outputs[0], outputs[1]);
        assertArrayEquals(outputs[0], outputs[2]);
    }
}
