package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ardm bench streams` compares the API's streams with the codec (and fails if their bytes differ) and reports a stream's heap. */
class BenchStreamsTest {
    @Test
    void comparesBothWaysAndReportsTheHeapOfALongerStream(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("psalm.txt");
        Files.writeString(file, "The LORD is my shepherd; I shall not want.\n".repeat(8));
        CliCommandsTest.Output compared = CliCommandsTest.run("bench", "streams", "-m", "bytes-oa", "-b", "3", "--file", file.toString());
        assertEquals(0, compared.exit(), compared.err());
        assertTrue(compared.out().contains("compress") && compared.out().contains("decompress") && compared.out().contains("ratio"), compared.out());
        CliCommandsTest.Output heap = CliCommandsTest.run("bench", "streams", "-m", "bytes-oa", "-b", "1", "--file", file.toString(), "--bytes", "20000");
        assertEquals(0, heap.exit(), heap.err());
        assertTrue(heap.out().startsWith("compressed 20,000 bytes") && heap.out().contains("\nstreamed 20,000 bytes"), heap.out());
    }
}
