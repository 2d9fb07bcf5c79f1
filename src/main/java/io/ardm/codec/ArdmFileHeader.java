package io.ardm.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The fixed-size header of an ardm compressed file ({@link ArdmContainer} describes the whole layout).
 * Big-endian, {@value #SIZE} bytes:
 * <pre>
 * offset size field
 *  0      4   magic "ARDM"
 *  4      2   format version ({@value #VERSION})
 *  6     32   model fingerprint (e.g. SHA-256 of weights + config; decoding needs the same model)
 * 38      8   original length in bytes (≥ 0)
 * 46      4   budget: at most this many network calls per segment (≥ 1); it selects the policy
 * 50      4   segment length in bytes (≥ 1)
 * 54      1   coder precision in bits (1..28)
 * 55      4   CRC32C of the original data
 * 59      4   CRC32C of bytes 0..58, so a damaged header is reported as such
 * </pre>
 *
 * @param modelFingerprint 32 bytes identifying the model; copied in and out
 * @param originalCrc32c   CRC32C of the original data, checked after decoding ({@link #requireOriginalCrc})
 */
public record ArdmFileHeader(byte[] modelFingerprint, long originalLength, int budget, int segmentLength,
                             int precision, int originalCrc32c) {
    public static final int VERSION = 3;
    public static final int FINGERPRINT_BYTES = 32;
    public static final int SIZE = 63;
    /** Files are decoded in memory, into one Java array. */
    public static final long MAX_ORIGINAL_LENGTH = Integer.MAX_VALUE - 8;
    private static final byte[] MAGIC = "ARDM".getBytes(StandardCharsets.US_ASCII);

    public ArdmFileHeader {
        if (modelFingerprint.length != FINGERPRINT_BYTES) {
            throw new IllegalArgumentException("model fingerprint must be " + FINGERPRINT_BYTES + " bytes, got " + modelFingerprint.length);
        }
        modelFingerprint = modelFingerprint.clone();
        if (originalLength < 0 || originalLength > MAX_ORIGINAL_LENGTH) {
            throw new IllegalArgumentException("original length must be in [0, " + MAX_ORIGINAL_LENGTH + "], got " + originalLength);
        }
        if (budget < 1) throw new IllegalArgumentException("budget must be >= 1, got " + budget);
        if (segmentLength < 1) throw new IllegalArgumentException("segment length must be >= 1, got " + segmentLength);
        Categorical.requirePrecision(precision);
    }

    @Override
    public byte[] modelFingerprint() {
        return modelFingerprint.clone();
    }

    /** Number of segments: ⌈originalLength / segmentLength⌉, the last one possibly shorter. */
    public long segmentCount() {
        return (originalLength + segmentLength - 1) / segmentLength;
    }

    /** Segments that share one rANS stream (so framing and the coder's cold start are paid once per stream, not per segment). */
    public static final int SEGMENTS_PER_STREAM = 64;
    /** Streams are decoded in parallel; more than this buys nothing on today's machines and costs framing. */
    public static final int MAX_STREAMS = 16;

    /** Number of rANS streams: ⌈segments / 64⌉, at most 16 (0 for empty data). A pure function of the header. */
    public int streamCount() {
        return (int) Math.min(MAX_STREAMS, (segmentCount() + SEGMENTS_PER_STREAM - 1) / SEGMENTS_PER_STREAM);
    }

    /** First segment of stream {@code i}; stream i holds segments [firstSegment(i), firstSegment(i + 1)). */
    public long firstSegment(int stream) {
        return segmentCount() * stream / Math.max(1, streamCount());
    }

    public static int crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    public void write(OutputStream out) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(SIZE);
        DataOutputStream fields = new DataOutputStream(buffer);
        fields.write(MAGIC);
        fields.writeShort(VERSION);
        fields.write(modelFingerprint);
        fields.writeLong(originalLength);
        fields.writeInt(budget);
        fields.writeInt(segmentLength);
        fields.writeByte(precision);
        fields.writeInt(originalCrc32c);
        fields.writeInt(crc32c(buffer.toByteArray()));
        buffer.writeTo(out);
    }

    /** Reads and validates a header; every problem is an {@link ArdmFormatException} with a one-line reason. */
    public static ArdmFileHeader read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(SIZE);
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ArdmFormatException("not an ardm file (it does not start with the magic bytes \"ARDM\")");
        }
        if (bytes.length < SIZE) {
            throw new ArdmFormatException("truncated ardm file: header has " + bytes.length + " of " + SIZE + " bytes");
        }
        ByteBuffer fields = ByteBuffer.wrap(bytes, MAGIC.length, SIZE - MAGIC.length);
        int version = Short.toUnsignedInt(fields.getShort());
        if (version != VERSION) {
            throw new ArdmFormatException("unsupported ardm format version " + version + " (this build reads version " + VERSION + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(SIZE - 4)) {
            throw new ArdmFormatException("corrupt ardm header (header checksum mismatch)");
        }
        byte[] fingerprint = new byte[FINGERPRINT_BYTES];
        fields.get(fingerprint);
        long originalLength = fields.getLong();
        int budget = fields.getInt();
        int segmentLength = fields.getInt();
        int precision = Byte.toUnsignedInt(fields.get());
        int originalCrc = fields.getInt();
        try {
            return new ArdmFileHeader(fingerprint, originalLength, budget, segmentLength, precision, originalCrc);
        } catch (IllegalArgumentException e) {
            throw new ArdmFormatException("invalid ardm header: " + e.getMessage());
        }
    }

    /** Fails unless the file was written with the model whose fingerprint is given. */
    public void requireFingerprint(byte[] expected) throws ArdmFormatException {
        if (!Arrays.equals(modelFingerprint, expected)) {
            HexFormat hex = HexFormat.of();
            throw new ArdmFormatException("compressed with a different model (fingerprint " + hex.formatHex(modelFingerprint)
                    + ", this model has " + hex.formatHex(expected) + ")");
        }
    }

    /** Fails unless {@code decoded} has the original length and CRC32C. */
    public void requireOriginalCrc(byte[] decoded) throws ArdmFormatException {
        if (decoded.length != originalLength) {
            throw new ArdmFormatException("decoded " + decoded.length + " bytes, expected " + originalLength);
        }
        int actual = crc32c(decoded);
        if (actual != originalCrc32c) {
            throw new ArdmFormatException(String.format("decoded data fails its CRC32C check (%08x, expected %08x):"
                    + " corrupt file, or the model computed different probabilities than when compressing", actual, originalCrc32c));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArdmFileHeader h && Arrays.equals(modelFingerprint, h.modelFingerprint)
                && originalLength == h.originalLength && budget == h.budget && segmentLength == h.segmentLength
                && precision == h.precision && originalCrc32c == h.originalCrc32c;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(modelFingerprint), originalLength, budget, segmentLength, precision, originalCrc32c);
    }

    @Override
    public String toString() {
        return "ArdmFileHeader[fingerprint=" + HexFormat.of().formatHex(modelFingerprint) + ", originalLength=" + originalLength
                + ", budget=" + budget + ", segmentLength=" + segmentLength + ", precision=" + precision
                + ", originalCrc32c=" + String.format("%08x", originalCrc32c) + "]";
    }
}
