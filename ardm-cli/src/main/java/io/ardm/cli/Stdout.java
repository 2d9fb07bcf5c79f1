package io.ardm.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output that reports its write errors. {@code System.out} is a PrintStream, which swallows them: a full disk
 * or a closed pipe would end a command with exit 0 and a partial output (and a script would then delete the only
 * copy). {@link Main#main} installs a PrintStream over a stream that remembers its last error; data goes out through
 * {@link #write}, which throws, and {@link #check} turns a lost text line into an error at the end.
 */
final class Stdout {
    /** The raw descriptor, remembering the first failure (PrintStream keeps only a flag). */
    private static final class Recording extends OutputStream {
        private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        volatile IOException failure;

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                if (failure == null) failure = e;
                throw e;
            }
        }
    }

    private static Recording installed;
    private static PrintStream installedStream;

    private Stdout() {}

    static void install() {
        installed = new Recording();
        installedStream = new PrintStream(installed, false, StandardCharsets.UTF_8);
        System.setOut(installedStream);
    }

    /** Writes data to standard output and flushes it; a failure is an IOException naming the reason. */
    static void write(byte[] data) throws IOException {
        OutputStream out = stream();
        out.write(data);
        out.flush();
    }

    /**
     * Standard output for data, after any text written before it: a write that fails throws an IOException
     * "(stdout): write error: REASON".
     */
    static OutputStream stream() throws IOException {
        check();
        return new OutputStream() {
            @Override public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                if (System.out != installedStream) {
                    System.out.write(b, off, len); // a test's capture
                    return;
                }
                try {
                    installed.out.write(b, off, len);
                } catch (IOException e) {
                    throw failure(e);
                }
            }

            @Override public void flush() throws IOException {
                if (System.out != installedStream) check();
            }
        };
    }

    /** Flushes standard output; fails if anything written to it was lost. */
    static void check() throws IOException {
        System.out.flush();
        if (System.out.checkError()) {
            throw System.out == installedStream && installed.failure != null ? failure(installed.failure) : new IOException("(stdout): write error");
        }
    }

    private static IOException failure(IOException e) {
        return new IOException("(stdout): write error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
}
