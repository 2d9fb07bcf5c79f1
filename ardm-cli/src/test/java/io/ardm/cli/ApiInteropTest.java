package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ardm.Ardm;
import io.ardm.ArdmInputStream;
import io.ardm.ArdmModel;
import io.ardm.ArdmOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and the Java API write the same files and read each other's. */
class ApiInteropTest {
    @Test
    void cliFilesAndApiStreamsAreTheSameBytes(@TempDir Path dir) throws Exception {
        byte[] text = "Blessed are the meek: for they shall inherit the earth.\n".repeat(12).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("meek.txt");
        Files.write(file, text);
        CliCommandsTest.Output compressed = CliCommandsTest.run("compress", "-q", "-k", "-m", "bytes-oa", "-b", "20", file.toString());
        assertEquals(0, compressed.exit(), compressed.err());
        byte[] cli = Files.readAllBytes(dir.resolve("meek.txt.ardm"));

        ArdmModel oa = Ardm.load("bytes-oa");
        Path api = dir.resolve("api.ardm");
        try (OutputStream out = new ArdmOutputStream(Files.newOutputStream(api), oa, 20)) {
            out.write(text);
        }
        assertArrayEquals(cli, Files.readAllBytes(api), "the API writes what the CLI writes");
        try (ArdmInputStream in = new ArdmInputStream(Files.newInputStream(dir.resolve("meek.txt.ardm")))) {
            assertArrayEquals(text, in.readAllBytes(), "the API reads the CLI's file, finding the model by fingerprint");
        }
        Files.delete(file);
        assertEquals(0, CliCommandsTest.run("decompress", "-q", api.toString(), "-o", file.toString()).exit());
        assertArrayEquals(text, Files.readAllBytes(file), "the CLI reads the API's stream");
    }
}
