package io.ardm.cli;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One input of compress or decompress, readable more than once (a model is chosen on the file's start and its whole
 * content checked, then the file is coded from the start) without holding a long file in memory: a regular file is
 * reopened; standard input is kept in memory up to {@value #IN_MEMORY} bytes and spooled to a temporary file beyond.
 */
final class Input implements Closeable {
    static final int IN_MEMORY = 1 << 20;

    private final Path path;
    private final byte[] bytes;
    private final boolean spooled;

    private Input(Path path, byte[] bytes, boolean spooled) {
        this.path = path;
        this.bytes = bytes;
        this.spooled = spooled;
    }

    /** The file {@code name}, or standard input for "-". */
    static Input of(String name) throws IOException {
        if (!name.equals("-")) {
            Path p = Path.of(name);
            if (Files.isDirectory(p)) throw new IOException(name + ": Is a directory");
            if (Files.exists(p) && !Files.isRegularFile(p)) throw new IOException(name + ": Not a regular file");
            if (!Files.exists(p)) throw new java.nio.file.NoSuchFileException(name);
            return new Input(p, null, false);
        }
        byte[] start = System.in.readNBytes(IN_MEMORY + 1);
        if (start.length <= IN_MEMORY) return new Input(null, start, false);
        Path spool = Files.createTempFile("ardm-stdin-", ".tmp");
        try (OutputStream out = Files.newOutputStream(spool)) {
            out.write(start);
            System.in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
        return new Input(spool, null, true);
    }

    long length() throws IOException {
        return bytes != null ? bytes.length : Files.size(path);
    }

    /** A stream over the whole input, from its start. */
    InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    /** The first {@code n} bytes (all of a shorter input). */
    byte[] head(int n) throws IOException {
        if (bytes != null) return Arrays.copyOf(bytes, Math.min(n, bytes.length));
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }

    /** Deletes the spooled copy of standard input. */
    @Override
    public void close() throws IOException {
        if (spooled) Files.deleteIfExists(path);
    }
}
