package io.ardm;

import io.ardm.codec.MemberDecoder;
import io.ardm.codec.SegmentedFileCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Decompresses a {@code .ardm} stream: every file {@code ardm compress} writes (format versions 3 and 4, one member
 * or many, coded or stored) and every stream {@link ArdmOutputStream} writes.
 *
 * <p>Members are read and decoded one at a time, so memory stays at about one member however long the stream. A
 * truncated or corrupt stream throws {@link ArdmFormatException} from the {@code read} that reaches the damage, after
 * the data of the members before it has been returned (each member's checksum covers the data up to its end).
 *
 * <p>Not thread-safe: one reader per stream.
 */
public final class ArdmInputStream extends InputStream {
    private final InputStream in;
    private final MemberDecoder members;
    private byte[] chunk = new byte[0];
    private int position;

    /**
     * Decompresses with the bundled model whose fingerprint the stream's header names (a stored stream needs none).
     *
     * @param in the compressed stream
     */
    public ArdmInputStream(InputStream in) {
        this(in, ArdmInputStream::bundled);
    }

    /**
     * Decompresses with a given model.
     *
     * @param in    the compressed stream
     * @param model the model it was compressed with (checked by fingerprint)
     */
    public ArdmInputStream(InputStream in, ArdmModel model) {
        this(in, model.codec());
    }

    /** Any file codec (tests use models without a network). */
    ArdmInputStream(InputStream in, SegmentedFileCodec codec) {
        this(in, fingerprint -> codec);
    }

    private ArdmInputStream(InputStream in, MemberDecoder.Codecs codecs) {
        this.in = Objects.requireNonNull(in, "in");
        this.members = new MemberDecoder(in, codecs, done -> { });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        while (position == chunk.length) {
            Optional<byte[]> next = members.next();
            if (next.isEmpty()) return -1;
            chunk = next.get();
            position = 0;
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk, position, b, off, n);
        position += n;
        return n;
    }

    /** Bytes that can be read without decoding another member. */
    @Override
    public int available() {
        return chunk.length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static SegmentedFileCodec bundled(byte[] fingerprint) throws ArdmFormatException {
        return Ardm.bundledWithFingerprint(fingerprint).map(ArdmModel::codec).orElseThrow(() -> new ArdmFormatException(
                "compressed with a model that is not bundled (fingerprint " + HexFormat.of().formatHex(fingerprint, 0, 6)
                        + "…); pass it to ArdmInputStream(in, model)"));
    }
}
