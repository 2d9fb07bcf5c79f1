package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compress and decompress with the bundled text8-oa model in a heap too small and one large enough: each run either writes a complete
 * output or says "out of memory" in one line, exits 1 and leaves nothing behind (no partial output, no temporary);
 * the input survives either way. Both outcomes are met (text8-oa needs more than 64 MB, less than 256 MB).
 */
class HeapLimitsTest {
    private static final int[] HEAPS_MB = {64, 256};

    @Test
    void everyHeapGivesACompleteOutputOrOneLineAndNoFile(@TempDir Path dir) throws Exception {
        byte[] text = CliStreamingTest.words(600, 5);
        byte[] packed = null;
        int failures = 0;
        for (int mb : HEAPS_MB) {
            Path in = Files.write(Files.createDirectory(dir.resolve("c" + mb)).resolve("in.txt"), text);
            ChildCli.Result r = run(mb, "compress", "-q", "-k", "-m", "text8-oa", in.toString());
            assertArrayEquals(text, Files.readAllBytes(in), mb + " MB: the input survives");
            if (outOfMemory(mb, r, in.getParent(), "in.txt")) {
                failures++;
            } else {
                byte[] out = Files.readAllBytes(in.resolveSibling("in.txt.ardm"));
                if (packed != null) assertArrayEquals(packed, out, mb + " MB: the same file from every heap");
                packed = out;
            }
        }
        assertTrue(packed != null && failures > 0, "the sweep should meet both outcomes; " + failures + " heaps ran out of memory");

        for (int mb : HEAPS_MB) {
            Path in = Files.write(Files.createDirectory(dir.resolve("d" + mb)).resolve("in.txt.ardm"), packed);
            ChildCli.Result r = run(mb, "decompress", "-q", "-k", in.toString());
            assertArrayEquals(packed, Files.readAllBytes(in), mb + " MB: the compressed input survives");
            if (!outOfMemory(mb, r, in.getParent(), "in.txt.ardm")) {
                assertArrayEquals(text, Files.readAllBytes(in.resolveSibling("in.txt")), mb + " MB: decoded exactly");
            }
        }
    }

    private static ChildCli.Result run(int megabytes, String... args) throws Exception {
        return ChildCli.run(ChildCli.builder(List.of("-Xmx" + megabytes + "m"), args), 300);
    }

    /**
     * Whether the run ran out of memory, checking that it then said so in one line and left only the input, and
     * otherwise that it succeeded quietly with the input and one output beside it.
     */
    private static boolean outOfMemory(int mb, ChildCli.Result r, Path folder, String input) throws IOException {
        Set<String> files = files(folder);
        if (r.exit() == 0) {
            assertEquals("", r.err(), mb + " MB");
            assertEquals(2, files.size(), mb + " MB: the input and the output, no temporary: " + files);
            return false;
        }
        assertEquals(1, r.exit(), mb + " MB: " + r.err());
        assertTrue(r.err().matches("ardm \\w+: \\S*in\\.txt(\\.ardm)?: out of memory \\(the Java heap is limited to \\d+ MB\\); raise it, e\\.g\\. ARDM_HEAP=.*\n"),
                mb + " MB: one line naming the file and the heap: " + r.err());
        assertEquals(Set.of(input), files, mb + " MB: no partial output, no temporary");
        return true;
    }

    private static Set<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
