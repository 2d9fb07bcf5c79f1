package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ardm bench codec` on a machine with only some of the classical codecs: it says which are missing and how to install
 * them, tables the others next to the bundled models (every ardm record and file is decoded and checked inside the run),
 * and the left-to-right model codes 250-character records far below gzip.
 */
class BenchCodecTest {
    @Test
    void tablesTheInstalledCodecsNextToTheModelsAndNamesTheMissingOnes(@TempDir Path dir) throws Exception {
        Optional<Path> gzip = onPath("gzip");
        Optional<Path> zstd = onPath("zstd");
        assumeTrue(gzip.isPresent() && zstd.isPresent(), "needs gzip and zstd on the PATH");
        Path bin = Files.createDirectories(dir.resolve("bin")); // a PATH with gzip and zstd only
        Files.createSymbolicLink(bin.resolve("gzip"), gzip.get());
        Files.createSymbolicLink(bin.resolve("zstd"), zstd.get());
        Path out = dir.resolve("out.txt");
        ProcessBuilder b = ChildCli.builder(List.of("-Xmx512m"), "bench", "codec", "-m", "text8-oa", "--baseline", "text8-ltr",
                "--records", "2", "--whole-chars", "300", "--budgets", "2").redirectOutput(out.toFile());
        b.environment().put("PATH", bin.toString());
        ChildCli.Result r = ChildCli.run(b, 300);
        String printed = Files.readString(out);
        assertEquals(0, r.exit(), r.err() + printed);

        assertTrue(printed.contains("not installed, so left out of the tables: bzip2 (apt install bzip2), xz (apt install xz-utils), "
                + "brotli (apt install brotli), 7z (apt install p7zip-full)\n"), printed);
        String perRecord = printed.substring(printed.indexOf("== per record"), printed.indexOf("== whole file"));
        String whole = printed.substring(printed.indexOf("== whole file"));
        for (String row : List.of("gzip -9", "zstd -19", "zstd -19 + dictionary", "ardm B=2", "ardm left-to-right B=250")) {
            assertTrue(perRecord.contains("\n  " + row + " "), row + " missing from\n" + perRecord);
        }
        for (String row : List.of("gzip -9", "zstd --ultra -22", "ardm B=2", "ardm left-to-right B=250")) {
            assertTrue(whole.contains("\n  " + row + " "), row + " missing from\n" + whole);
        }
        assertFalse(printed.contains("brotli -q") || printed.contains("PPMd") || printed.contains("bzip2 -9"), printed);
        assertTrue(bitsPerSymbol(perRecord, "ardm left-to-right B=250") < bitsPerSymbol(perRecord, "gzip -9") - 1.0, perRecord);
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    /** The bits-per-symbol column of a table row: codec, bytes, bits, seconds. */
    private static double bitsPerSymbol(String table, String codec) {
        String line = table.lines().filter(l -> l.startsWith("  " + codec + " ") && l.trim().split("\\s+").length >= 4).reduce((a, c) -> c).orElseThrow();
        String[] cells = line.trim().split("\\s+");
        return Double.parseDouble(cells[cells.length - 2]);
    }
}
