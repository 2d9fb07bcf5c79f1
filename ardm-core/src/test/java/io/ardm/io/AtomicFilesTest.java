package io.ardm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path directory;

    @Test
    void writesNewFilesAndReplacesOldOnesLeavingNoTemporaries() throws IOException {
        Path target = directory.resolve("model.ardm");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, out -> {
            out.write(4);
            out.write(new byte[] {5, 6});
        });
        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(target));
        assertFiles(target);
    }

    @Test
    void failedWritesKeepTheOldFileAndDeleteTheTemporary() throws IOException {
        Path target = directory.resolve("data.bin");
        Files.write(target, new byte[] {9});
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw failure;
        }));
        assertSame(failure, thrown);
        IllegalStateException bug = new IllegalStateException("bug in the writer");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            throw bug;
        })));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        assertFiles(target);
    }

    @Test
    void concurrentWritersOfOneTargetLeaveOneWholeVersionAndNoTemporaries() throws Exception {
        Path target = directory.resolve("shared.ardm");
        int writers = 8, rounds = 20;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            byte value = (byte) w;
            done.add(pool.submit(() -> {
                byte[] content = new byte[200_000 + value]; // each writer's length and bytes tell its version
                java.util.Arrays.fill(content, value);
                for (int r = 0; r < rounds; r++) {
                    AtomicFiles.write(target, content);
                    byte[] seen = Files.readAllBytes(target); // a reader never sees a torn file
                    int v = seen[0];
                    assertTrue(seen.length == 200_000 + v, "length " + seen.length + " for writer " + v);
                    for (byte b : seen) if (b != v) throw new AssertionError("mixed content");
                }
                return null;
            }));
        }
        for (var f : done) f.get();
        pool.shutdown();
        assertFiles(target);
    }

    @Test
    void missingDirectoryIsAnError() {
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(directory.resolve("absent/file"), new byte[1]));
    }

    @Test
    void theNextWriteRemovesTemporariesOfDeadWritersOnly() throws Exception {
        Path target = directory.resolve("big.txt.ardm");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = Files.write(directory.resolve(".big.txt.ardm." + gone.pid() + ".1f2e.tmp"), new byte[1000]);
        Path live = Files.write(directory.resolve(".big.txt.ardm." + ProcessHandle.current().pid() + ".77.tmp"), new byte[10]);
        Path otherTarget = Files.write(directory.resolve(".other.ardm." + gone.pid() + ".1f2e.tmp"), new byte[10]);
        Path notOurs = Files.write(directory.resolve(".big.txt.ardm.notes.tmp"), new byte[10]);
        AtomicFiles.write(target, new byte[] {1});
        assertFiles(live, notOurs, otherTarget, target);
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
        assertTrue(Files.notExists(orphan));
    }

    private void assertFiles(Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertArrayEquals(List.of(expected).toArray(), files.sorted().toArray());
        }
    }
}
