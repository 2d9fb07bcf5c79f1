package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One line that says what went wrong, whatever thread it went wrong in. */
class ErrorMessagesTest {
    @Test
    void outOfMemoryInAWorkerThreadIsStillNamed() {
        // Parallel.forRange rethrows a worker's error wrapped; before, this printed "java.lang.OutOfMemoryError".
        String wrapped = ErrorMessages.of(new RuntimeException(new CompletionException(new OutOfMemoryError("Java heap space"))));
        assertTrue(wrapped.startsWith("out of memory (the Java heap is limited to "), wrapped);
        assertTrue(wrapped.endsWith("raise it, e.g. ARDM_HEAP=8g ./ardm ..."), wrapped);
    }

    @Test
    void fileSystemErrorsNameTheFileAndTheReason() {
        assertEquals("x.txt: No such file or directory", ErrorMessages.of(new NoSuchFileException("x.txt")));
        assertEquals("first line", ErrorMessages.of(new IllegalArgumentException("first line\nsecond")));
    }
}
