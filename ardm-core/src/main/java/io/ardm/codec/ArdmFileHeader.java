package io.ardm.codec;

import io.ardm.ArdmFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The header of an ardm compressed file ({@link ArdmContainer} describes the whole layout). Big-endian. Format
 * version {@value #VERSION}, {@code 67 + n + m} bytes:
 * <pre>
 * offset   size field
 *  0        4   magic "ARDM"
 *  4        2   format version (4)
 *  6        1   flags: bit 0 = stored (the body is the original bytes as they are; no model is needed to read it);
 *               bit 1 = continued (another member follows this one, see {@link ArdmContainer})
 *  7       32   model fingerprint (SHA-256 of config, weights, loss components and coding order)
 * 39        8   original length in bytes (≥ 0)
 * 47        4   budget: at most this many network calls per segment and stage (≥ 1); it selects the policies
 * 51        4   segment length in symbols (≥ 1)
 * 55        1   coder precision in bits (1..28)
 * 56        1   n: length of the modality id (1..32)
 * 57        n   modality id, ASCII ("text8", "bytes", ...)
 * 57+n      2   m: length of the modality's metadata (0..65535; e.g. an image's width, height and channels)
 * 59+n      m   modality metadata
 * 59+n+m    4   CRC32C of the original data from the file's start to this member's end (the whole data for a
 *               one-member file), so that a member lost, repeated or moved is caught
 * 63+n+m    4   CRC32C of every header byte before this field, so a damaged header is reported as such
 * </pre>
 * Version 3 (63 bytes: magic, version, fingerprint, length, budget, segment length, precision, CRC32C of the
 * original, header CRC32C) is still read: it is a text8 file with no flags and no metadata.
 *
 * @param continued        another member (the data's next part, coded with the same model) follows this one's body
 * @param modelFingerprint 32 bytes identifying the model; copied in and out
 * @param originalCrc32c   CRC32C of the original data, checked after decoding ({@link #requireOriginalCrc})
 * @param version          the format version the header was read as (written headers are always {@value #VERSION})
 */
public record ArdmFileHeader(int version, boolean stored, boolean continued, byte[] modelFingerprint, long originalLength, int budget, int segmentLength,
                             int precision, String modality, byte[] metadata, int originalCrc32c) {
    public static final int VERSION = 4;
    /** The oldest format version this build still decodes. */
    public static final int OLDEST_VERSION = 3;
    public static final int FINGERPRINT_BYTES = 32;
    /** Size of a version-3 header. */
    static final int V3_SIZE = 63;
    private static final int MAX_MODALITY_ID = 32;
    private static final int MAX_METADATA = 0xFFFF;
    /** Files are decoded in memory, into one Java array. */
    public static final long MAX_ORIGINAL_LENGTH = Integer.MAX_VALUE - 8;
    private static final byte[] MAGIC = "ARDM".getBytes(StandardCharsets.US_ASCII);
    private static final int STORED = 1;
    private static final int CONTINUED = 2;

    public ArdmFileHeader {
        if (version < OLDEST_VERSION || version > VERSION) throw new IllegalArgumentException("format version " + version);
        if (continued && version < 4) throw new IllegalArgumentException("format version " + version + " has no members");
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
        if (modality.isEmpty() || modality.length() > MAX_MODALITY_ID || !modality.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            throw new IllegalArgumentException("modality id must be 1.." + MAX_MODALITY_ID + " printable ASCII characters, got '" + modality + "'");
        }
        if (metadata.length > MAX_METADATA) throw new IllegalArgumentException("modality metadata over " + MAX_METADATA + " bytes");
        metadata = metadata.clone();
    }

    /** A header of the current version for data coded by the model. */
    public static ArdmFileHeader coded(byte[] fingerprint, long originalLength, int budget, int segmentLength, int precision,
                                       String modality, byte[] metadata, int originalCrc32c) {
        return new ArdmFileHeader(VERSION, false, false, fingerprint, originalLength, budget, segmentLength, precision, modality, metadata, originalCrc32c);
    }

    /** The same header, flagged stored: the body is {@code data}, the original bytes (their length and CRC replace the coded ones). */
    public ArdmFileHeader asStored(byte[] data) {
        return asStored(data, crc32c(data));
    }

    /** The same header, flagged stored, of a member whose running CRC32C (see the layout) is {@code crc}. */
    public ArdmFileHeader asStored(byte[] data, int crc) {
        return new ArdmFileHeader(version, true, continued, modelFingerprint, data.length, budget, segmentLength, precision, modality, metadata, crc);
    }

    /** The same header with another running CRC32C. */
    public ArdmFileHeader withCrc(int crc) {
        return new ArdmFileHeader(version, stored, continued, modelFingerprint, originalLength, budget, segmentLength, precision, modality, metadata,
                crc);
    }

    /** The same header, flagged as followed by another member or not. */
    public ArdmFileHeader withContinued(boolean more) {
        return new ArdmFileHeader(version, stored, more, modelFingerprint, originalLength, budget, segmentLength, precision, modality, metadata,
                originalCrc32c);
    }

    @Override
    public byte[] modelFingerprint() {
        return modelFingerprint.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    /** Bytes this header takes in a file. */
    public int size() {
        return version == 3 ? V3_SIZE : 67 + modality.length() + metadata.length;
    }

    /** Number of segments: ⌈originalLength / segmentLength⌉, the last one possibly shorter. */
    public long segmentCount() {
        return (originalLength + segmentLength - 1) / segmentLength;
    }

    /** Segments that share one rANS stream (so framing and the coder's cold start are paid once per stream, not per segment). */
    public static final int SEGMENTS_PER_STREAM = 64;
    /** Streams are decoded in parallel; more than this buys nothing on today's machines and costs framing. */
    public static final int MAX_STREAMS = 16;

    /** Number of rANS streams: ⌈segments / 64⌉, at most 16 (0 for empty or stored data). A pure function of the header. */
    public int streamCount() {
        if (stored) return 0;
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

    /** Writes the header in format version {@value #VERSION}. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(size());
            DataOutputStream fields = new DataOutputStream(buffer);
            fields.write(MAGIC);
            fields.writeShort(VERSION);
            fields.writeByte((stored ? STORED : 0) | (continued ? CONTINUED : 0));
            fields.write(modelFingerprint);
            fields.writeLong(originalLength);
            fields.writeInt(budget);
            fields.writeInt(segmentLength);
            fields.writeByte(precision);
            fields.writeByte(modality.length());
            fields.write(modality.getBytes(StandardCharsets.US_ASCII));
            fields.writeShort(metadata.length);
            fields.write(metadata);
            fields.writeInt(originalCrc32c);
            fields.writeInt(crc32c(buffer.toByteArray()));
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** Reads and validates a header of version 3 or 4; every problem is an {@link ArdmFormatException} with a one-line reason. */
    public static ArdmFileHeader read(InputStream in) throws IOException {
        byte[] start = in.readNBytes(6);
        if (start.length < MAGIC.length || !Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ArdmFormatException("not an ardm file (it does not start with the magic bytes \"ARDM\")");
        }
        if (start.length < 6) throw new ArdmFormatException("truncated ardm file: the header ends after " + start.length + " bytes");
        int version = Short.toUnsignedInt(ByteBuffer.wrap(start, 4, 2).getShort());
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new ArdmFormatException("unsupported ardm format version " + version + " (this build reads versions "
                    + OLDEST_VERSION + " to " + VERSION + ")");
        }
        return version == 3 ? readV3(start, in) : readV4(start, in);
    }

    private static ArdmFileHeader readV3(byte[] start, InputStream in) throws IOException {
        byte[] bytes = concat(start, readFully(in, V3_SIZE - start.length, V3_SIZE, start.length));
        requireHeaderCrc(bytes);
        ByteBuffer f = ByteBuffer.wrap(bytes, 6, V3_SIZE - 6);
        Coding c = Coding.read(f);
        int crc = f.getInt();
        return validated(() -> new ArdmFileHeader(3, false, false, c.fingerprint, c.length, c.budget, c.segment, c.precision, "text8", new byte[0], crc));
    }

    private static ArdmFileHeader readV4(byte[] start, InputStream in) throws IOException {
        byte[] fixed = concat(start, readFully(in, 51, 0, start.length));
        int idLength = Byte.toUnsignedInt(fixed[56]);
        byte[] id = readFully(in, idLength, 0, fixed.length);
        byte[] metaLength = readFully(in, 2, 0, fixed.length + idLength);
        int m = Short.toUnsignedInt(ByteBuffer.wrap(metaLength).getShort());
        byte[] tail = readFully(in, m + 8, 0, fixed.length + idLength + 2);
        byte[] bytes = concat(concat(concat(fixed, id), metaLength), tail);
        requireHeaderCrc(bytes);
        ByteBuffer f = ByteBuffer.wrap(bytes);
        f.position(6);
        int flags = Byte.toUnsignedInt(f.get());
        if ((flags & ~(STORED | CONTINUED)) != 0) throw new ArdmFormatException("unsupported ardm header flags " + flags);
        Coding c = Coding.read(f);
        f.position(f.position() + 1 + idLength + 2);
        byte[] metadata = new byte[m];
        f.get(metadata);
        int crc = f.getInt();
        String modality = new String(id, StandardCharsets.US_ASCII);
        return validated(() -> new ArdmFileHeader(4, (flags & STORED) != 0, (flags & CONTINUED) != 0, c.fingerprint, c.length, c.budget, c.segment, c.precision,
                modality, metadata, crc));
    }

    /** The fields versions 3 and 4 share, in their order: fingerprint, length, budget, segment length, precision. */
    private record Coding(byte[] fingerprint, long length, int budget, int segment, int precision) {
        static Coding read(ByteBuffer f) {
            byte[] fingerprint = new byte[FINGERPRINT_BYTES];
            f.get(fingerprint);
            return new Coding(fingerprint, f.getLong(), f.getInt(), f.getInt(), Byte.toUnsignedInt(f.get()));
        }
    }

    private interface HeaderSupplier {
        ArdmFileHeader get();
    }

    private static ArdmFileHeader validated(HeaderSupplier header) throws ArdmFormatException {
        try {
            return header.get();
        } catch (IllegalArgumentException e) {
            throw new ArdmFormatException("invalid ardm header: " + e.getMessage());
        }
    }

    /** n bytes, or a one-line "truncated" error saying how far the header got ({@code total}: its full size if known). */
    private static byte[] readFully(InputStream in, int n, int total, int before) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new ArdmFormatException("truncated ardm file: header has " + (before + b.length) + " of " + (total > 0 ? total : before + n) + " bytes");
        }
        return b;
    }

    private static void requireHeaderCrc(byte[] bytes) throws ArdmFormatException {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
            throw new ArdmFormatException("corrupt ardm header (header checksum mismatch)");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
        requireCrc(decoded);
    }

    /** Checks the CRC of what was decoded (a coded file's content as its modality checks it, see the codec). */
    public void requireCrc(byte[] decoded) throws ArdmFormatException {
        requireCrc(crc32c(decoded));
    }

    /** Checks a CRC32C computed by the caller (a member's running CRC). */
    public void requireCrc(int actual) throws ArdmFormatException {
        if (actual != originalCrc32c) {
            throw new ArdmFormatException(String.format("decoded data fails its CRC32C check (%08x, expected %08x):"
                    + " corrupt file, or the model computed different probabilities than when compressing", actual, originalCrc32c));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArdmFileHeader h && version == h.version && stored == h.stored && continued == h.continued
                && Arrays.equals(modelFingerprint, h.modelFingerprint) && originalLength == h.originalLength && budget == h.budget
                && segmentLength == h.segmentLength && precision == h.precision && modality.equals(h.modality)
                && Arrays.equals(metadata, h.metadata) && originalCrc32c == h.originalCrc32c;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, stored, continued, Arrays.hashCode(modelFingerprint), originalLength, budget, segmentLength, precision, modality,
                Arrays.hashCode(metadata), originalCrc32c);
    }

    @Override
    public String toString() {
        return "ArdmFileHeader[version=" + version + ", stored=" + stored + ", continued=" + continued + ", fingerprint=" + HexFormat.of().formatHex(modelFingerprint)
                + ", originalLength=" + originalLength + ", budget=" + budget + ", segmentLength=" + segmentLength + ", precision=" + precision
                + ", modality=" + modality + ", metadata=" + metadata.length + " bytes, originalCrc32c=" + String.format("%08x", originalCrc32c) + "]";
    }
}
