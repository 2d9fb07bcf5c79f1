package io.ardm;

import io.ardm.codec.SegmentedFileCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Compresses what is written to it into a {@code .ardm} stream on another stream, the way {@code XZOutputStream} or
 * {@code GZIPOutputStream} are used. The bytes are exactly the file {@code ardm compress -m MODEL} writes for the
 * same data (which {@code ardm decompress} and {@link ArdmInputStream} read).
 *
 * <p>Data is coded in members of {@link SegmentedFileCodec#SEGMENTS_PER_MEMBER} segments (1,024,000 bytes for the
 * bundled byte models): a member is coded and written once it is full and more data follows, so memory stays at
 * about one member however long the stream, and {@link #flush()} cannot push out a partial member (it flushes what
 * is already coded). A picture for an image model is one member, buffered whole. {@link #finish()} or
 * {@link #close()} writes the last member; a stream that is never finished is not a complete file.
 *
 * <p>Not thread-safe: one writer per stream (a shared {@link ArdmModel} is fine). After a failure the stream is
 * broken and every further call throws.
 */
public final class ArdmOutputStream extends OutputStream {
    private final OutputStream out;
    private final SegmentedFileCodec codec;
    private final int budget;
    private final int memberBytes;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[0];
    private int filled;
    private boolean finished;
    private boolean broken;

    /**
     * Compresses with the default bundled byte model ({@value Ardm#DEFAULT_BYTES_MODEL}), which takes any bytes.
     *
     * @param out where the compressed stream goes
     * @throws ArdmException when the bundled models are not on the classpath, or the JVM lacks the Vector API
     */
    public ArdmOutputStream(OutputStream out) {
        this(out, Ardm.load(Ardm.DEFAULT_BYTES_MODEL));
    }

    /**
     * Compresses with a given model at its {@link ArdmModel#defaultBudget() default budget}.
     *
     * @param out   where the compressed stream goes
     * @param model the model (a text8 model takes only a-z and space)
     */
    public ArdmOutputStream(OutputStream out, ArdmModel model) {
        this(out, model, model.defaultBudget());
    }

    /**
     * Compresses with a given model and budget.
     *
     * @param out    where the compressed stream goes
     * @param model  the model
     * @param budget network calls per segment, 1..D (D for a left-to-right model): more calls, fewer bits
     * @throws IllegalArgumentException for a budget outside what the model allows
     */
    public ArdmOutputStream(OutputStream out, ArdmModel model, int budget) {
        this(out, model.codec(), checkedBudget(model, budget));
    }

    /** Any file codec (tests use models without a network). */
    ArdmOutputStream(OutputStream out, SegmentedFileCodec codec, int budget) {
        this.out = Objects.requireNonNull(out, "out");
        this.codec = codec;
        this.budget = budget;
        this.memberBytes = codec.memberBytes();
    }

    /** Checks the budget now, not when the first member is full. */
    private static int checkedBudget(ArdmModel model, int budget) {
        model.policies(budget);
        return budget;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        while (len > 0) {
            if (filled == memberBytes) writeMember(true); // full, and more follows
            int n = Math.min(len, memberBytes - filled);
            if (filled + n > buffer.length) buffer = Arrays.copyOf(buffer, (int) Math.min(memberBytes, Math.max(filled + n, 2L * buffer.length)));
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes the members written so far to the underlying stream; data of the member being filled stays here. */
    @Override
    public void flush() throws IOException {
        requireOpen();
        out.flush();
    }

    /**
     * Writes the last member and flushes, leaving the underlying stream open. Nothing may be written after it.
     *
     * @throws IOException when the underlying stream fails
     */
    public void finish() throws IOException {
        if (finished) return;
        requireOpen();
        writeMember(false);
        out.flush();
        finished = true;
    }

    /** Finishes the stream and closes the underlying one. */
    @Override
    public void close() throws IOException {
        try {
            if (!broken) finish();
        } finally {
            out.close();
        }
    }

    private void writeMember(boolean continued) throws IOException {
        try {
            out.write(codec.compressMember(Arrays.copyOf(buffer, filled), budget, continued, crc, done -> { }));
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        filled = 0;
    }

    private void requireOpen() throws IOException {
        if (broken) throw new IOException("ardm stream broken by an earlier failure");
        if (finished) throw new IOException("ardm stream already finished");
    }
}
