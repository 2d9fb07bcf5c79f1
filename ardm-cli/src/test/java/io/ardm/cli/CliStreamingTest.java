package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ardm.codec.ArdmMembers;
import io.ardm.run.Trainer;
import io.ardm.run.TinyRuns;
import io.ardm.run.TrainingListener;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compress and decompress stream member by member: an 8 MB file goes through a JVM whose heap (32 MB) is below
 * what holding the file and its symbols would take (8 MB + 32 MB of int symbols), from a file and from standard input.
 */
class CliStreamingTest {
    private static final int MEGABYTES = 8;
    @TempDir static Path dir;
    static Path model;
    static Path text;
    static byte[] content;

    @BeforeAll
    static void tinyModelAndALongFile() throws Exception {
        new Trainer(TinyRuns.config(2, 4), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        model = dir.resolve("m").resolve(Trainer.CHECKPOINT);
        content = words(MEGABYTES * 1_000_000, 2);
        text = Files.write(dir.resolve("long.txt"), content);
    }

    /** {@code n} bytes of random words over a–d, as the tiny models know them. */
    static byte[] words(int n, long seed) {
        StringBuilder words = new StringBuilder();
        SplittableRandom r = new SplittableRandom(seed);
        while (words.length() < n) words.append("abcd".charAt(r.nextInt(4))).append(r.nextInt(5) == 0 ? " " : "");
        return words.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLongFileCompressesAndDecompressesInASmallHeap() throws Exception {
        assertEquals("", cli(null, null, "compress", "-q", "-k", "-b", "1", "-m", model.toString(), text.toString()));
        Path packed = dir.resolve("long.txt.ardm");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(packed))) {
            assertEquals(8, ArdmMembers.summarize(in).members(), "members of 1,024,000 bytes");
        }
        Files.delete(text);
        assertEquals("", cli(null, null, "decompress", "-q", "-k", "-m", model.toString(), packed.toString()));
        assertArrayEquals(content, Files.readAllBytes(text));

        Path fromStdin = dir.resolve("stdin.ardm");
        assertEquals("", cli(text.toFile(), fromStdin.toFile(), "compress", "-q", "-c", "-b", "1", "-m", model.toString(), "-"));
        assertArrayEquals(Files.readAllBytes(packed), Files.readAllBytes(fromStdin), "standard input longer than 1 MiB is spooled, not held");
    }

    /** Runs the CLI in a JVM with a 32 MB heap; returns its stderr after checking exit 0. */
    private static String cli(File stdin, File stdout, String... args) throws Exception {
        ProcessBuilder pb = ChildCli.builder(List.of("-Xmx32m"), args);
        if (stdin != null) pb.redirectInput(stdin);
        if (stdout != null) pb.redirectOutput(stdout);
        ChildCli.Result r = ChildCli.run(pb, 300);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
        return r.err();
    }
}
