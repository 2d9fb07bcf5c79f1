package io.ardm.compress;

import io.ardm.Ardm;
import io.ardm.ArdmException;
import io.ardm.ArdmInputStream;
import io.ardm.ArdmOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.CompressorStreamProvider;

/**
 * Makes {@code .ardm} streams a Commons Compress format named {@value #ARDM}, found through {@link java.util.ServiceLoader}:
 * {@code new CompressorStreamFactory().createCompressorOutputStream("ardm", out)} compresses with the default bundled
 * byte model, {@code createCompressorInputStream("ardm", in)} decompresses with the bundled model the stream names.
 *
 * <p>Commons Compress detects formats ({@link CompressorStreamFactory#detect}) by the signatures of its own formats
 * only, so {@link #detect(InputStream)} adds ours: "ardm" for a stream that starts with the magic bytes, else the
 * factory's answer.
 */
public final class ArdmCompressorStreamProvider implements CompressorStreamProvider {
    /** The format's name in Commons Compress. */
    public static final String ARDM = "ardm";
    private static final byte[] MAGIC = "ARDM".getBytes(StandardCharsets.US_ASCII);

    @Override
    public CompressorInputStream createCompressorInputStream(String name, InputStream in, boolean decompressUntilEof) throws CompressorException {
        requireArdm(name);
        try {
            return new Counting(new ArdmInputStream(in));
        } catch (ArdmException e) {
            throw new CompressorException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends OutputStream> CompressorOutputStream<T> createCompressorOutputStream(String name, T out) throws CompressorException {
        requireArdm(name);
        try {
            return new Compressing<>(out, new ArdmOutputStream(out, Ardm.load(Ardm.DEFAULT_BYTES_MODEL)));
        } catch (ArdmException e) {
            throw new CompressorException(e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getInputStreamCompressorNames() {
        return Set.of(ARDM);
    }

    @Override
    public Set<String> getOutputStreamCompressorNames() {
        return Set.of(ARDM);
    }

    /** Whether the first {@code length} bytes of {@code signature} start an ardm stream (as the built-in formats' {@code matches}). */
    public static boolean matches(byte[] signature, int length) {
        return length >= MAGIC.length && Arrays.equals(signature, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The compressor name of a stream: {@value #ARDM}, or what {@link CompressorStreamFactory#detect} finds.
     *
     * @param in a stream that supports mark and reset; it is reset to where it was
     * @return the name to pass to {@code createCompressorInputStream}
     * @throws CompressorException when no format matches, or the stream cannot be marked
     */
    public static String detect(InputStream in) throws CompressorException {
        if (!in.markSupported()) throw new IllegalArgumentException("Mark is not supported.");
        byte[] signature = new byte[MAGIC.length];
        in.mark(signature.length);
        try {
            int n = in.readNBytes(signature, 0, signature.length);
            in.reset();
            if (matches(signature, n)) return ARDM;
        } catch (IOException e) {
            throw new CompressorException("IOException while reading signature.", e);
        }
        return CompressorStreamFactory.detect(in);
    }

    private static void requireArdm(String name) throws CompressorException {
        if (!ARDM.equalsIgnoreCase(name)) throw new CompressorException("this provider makes '" + ARDM + "' streams, not '" + name + "'");
    }

    /** An ArdmInputStream that keeps Commons Compress's count of bytes read. */
    private static final class Counting extends CompressorInputStream {
        private final ArdmInputStream in;

        Counting(ArdmInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b != -1) count(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count(n);
            return n;
        }

        @Override
        public int available() {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** An ArdmOutputStream in Commons Compress's output type; finishing it writes the last member. */
    private static final class Compressing<T extends OutputStream> extends CompressorOutputStream<T> {
        private final ArdmOutputStream ardm;

        Compressing(T out, ArdmOutputStream ardm) {
            super(out);
            this.ardm = ardm;
        }

        @Override
        public void write(int b) throws IOException {
            ardm.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ardm.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            ardm.flush();
        }

        @Override
        public void finish() throws IOException {
            ardm.finish();
        }

        @Override
        public void close() throws IOException {
            ardm.close();
        }
    }
}
