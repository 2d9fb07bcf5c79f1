package io.ardm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark's classical codecs: found on the PATH only as executables, the missing ones named with their packages. */
class ExternalCodecsTest {
    private static final String[] PACKAGES = {"gzip", "gzip", "xz", "xz-utils", "brotli", "brotli"};

    @Test
    void findsExecutablesOnThePathAndNamesTheMissingOnesPackages(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gzip = Files.writeString(bin.resolve("gzip"), "#!/bin/sh\n");
        assertTrue(gzip.toFile().setExecutable(true));
        Files.writeString(bin.resolve("xz"), "not executable"); // present but not a program: missing
        ExternalCodecs tools = ExternalCodecs.onPath(dir.resolve("nowhere") + File.pathSeparator + bin, PACKAGES);

        assertTrue(tools.installed("gzip"));
        assertFalse(tools.installed("xz"));
        assertFalse(tools.installed("brotli"));
        assertEquals(List.of("xz (apt install xz-utils)", "brotli (apt install brotli)"), tools.missing());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tools.reportMissing(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("not installed, so left out of the tables: xz (apt install xz-utils), brotli (apt install brotli)\n", out.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> tools.installed("cjxl"));
    }

    @Test
    void nothingIsReportedWhenEveryProgramIsThere(@TempDir Path dir) throws IOException {
        for (String program : List.of("gzip", "xz", "brotli")) assertTrue(Files.writeString(dir.resolve(program), "#!/bin/sh\n").toFile().setExecutable(true));
        ExternalCodecs tools = ExternalCodecs.onPath(dir.toString(), PACKAGES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tools.reportMissing(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), tools.missing());
        assertEquals(3, ExternalCodecs.onPath(null, PACKAGES).missing().size(), "no PATH: nothing is installed");
    }

    @Test
    void aFailingCodecNamesItselfAndItsFirstLineOfOutput() {
        ExternalCodecs tools = ExternalCodecs.onPath(System.getenv("PATH"), PACKAGES);
        IOException e = assertThrows(IOException.class, () -> tools.exec(List.of("sh", "-c", "echo 'bad level 99'; echo more; exit 3")));
        assertEquals("sh failed: bad level 99", e.getMessage());
    }
}
