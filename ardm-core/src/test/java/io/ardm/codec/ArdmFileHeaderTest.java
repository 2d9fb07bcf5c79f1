package io.ardm.codec;

import io.ardm.ArdmFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ArdmFileHeaderTest {
    static final byte[] FINGERPRINT = fingerprint(1);
    static final ArdmFileHeader HEADER = header(FINGERPRINT, 1_234_567_890L, 50, 3072, 24, 0xCAFEBABE);
    /** Bytes of a format-4 header for the "bytes" modality without metadata: 67 + 5. */
    static final int SIZE = 72;

    /** A coded-file header of the current version for the bytes modality, no metadata. */
    static ArdmFileHeader header(byte[] fingerprint, long length, int budget, int segmentLength, int precision, int crc) {
        return ArdmFileHeader.coded(fingerprint, length, budget, segmentLength, precision, "bytes", new byte[0], crc);
    }

    @Test
    void roundTripsThroughItsEncoding() throws IOException {
        byte[] bytes = bytes(HEADER);
        assertEquals(SIZE, bytes.length);
        assertArrayEquals("ARDM".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 4));
        ArdmFileHeader read = read(bytes);
        assertEquals(HEADER, read);
        assertEquals(HEADER.hashCode(), read.hashCode());
        assertArrayEquals(FINGERPRINT, read.modelFingerprint());
        assertEquals(401_878L, HEADER.segmentCount()); // 1,234,567,890 / 3072 = 401,877.6
        assertEquals(2, header(FINGERPRINT, 6144, 1, 3072, 24, 0).segmentCount());
        assertEquals(3, header(FINGERPRINT, 6145, 1, 3072, 24, 0).segmentCount());
    }

    @Test
    void carriesTheModalityItsMetadataAndTheStoredFlag() throws IOException {
        byte[] metadata = {0, 32, 0, 32, 3};
        ArdmFileHeader image = ArdmFileHeader.coded(FINGERPRINT, 3072, 50, 3072, 24, "image", metadata, 7);
        ArdmFileHeader read = read(image.toBytes());
        assertEquals("image", read.modality());
        assertArrayEquals(metadata, read.metadata());
        assertEquals(67 + 5 + 5, image.toBytes().length);
        assertEquals(false, read.stored());
        byte[] png = {1, 2, 3};
        ArdmFileHeader stored = read(image.asStored(png).toBytes());
        assertTrue(stored.stored());
        assertEquals(0, stored.streamCount(), "a stored file has no streams");
        assertEquals(image.asStored(png), stored);
        assertEquals(3, stored.originalLength(), "a stored file's length counts its bytes, not the coded symbols");
        assertEquals(ArdmFileHeader.crc32c(png), stored.originalCrc32c());
    }

    @Test
    void readsAVersionThreeHeaderAsText8() throws IOException {
        byte[] file;
        try (var in = ArdmFileHeaderTest.class.getResourceAsStream("v3/genesis.txt.ardm")) {
            file = in.readAllBytes();
        }
        ArdmFileHeader v3 = read(file);
        assertEquals(3, v3.version());
        assertEquals("text8", v3.modality());
        assertEquals(63, v3.size());
        assertEquals(134, v3.originalLength());
        assertEquals(32, v3.segmentLength());
        assertEquals(8, v3.budget());
    }

    @Test
    void rejectsUnknownFlags() {
        byte[] bytes = bytes(HEADER);
        bytes[6] = 4;
        assertFormatError("unsupported ardm header flags 4", resealed(bytes));
    }

    @Test
    void flagBitOneSaysAnotherMemberFollows() throws Exception {
        byte[] bytes = bytes(HEADER);
        bytes[6] = 2;
        ArdmFileHeader continued = read(resealed(bytes));
        assertTrue(continued.continued());
        assertFalse(continued.stored());
        assertArrayEquals(resealed(bytes), continued.toBytes());
        assertFalse(HEADER.continued());
    }

    @Test
    void rejectsFilesThatAreNotArdm() {
        assertFormatError("not an ardm file", "PNG and more bytes".getBytes(StandardCharsets.US_ASCII));
        assertFormatError("not an ardm file", new byte[0]);
        assertFormatError("not an ardm file", "AR".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsTruncatedHeaders() {
        assertFormatError("truncated ardm file: header has 30 of 57 bytes", Arrays.copyOf(bytes(HEADER), 30));
        assertFormatError("truncated ardm file: header has 65 of 72 bytes", Arrays.copyOf(bytes(HEADER), 65));
        assertFormatError("truncated ardm file: the header ends after 5 bytes", Arrays.copyOf(bytes(HEADER), 5));
    }

    @Test
    void rejectsOtherFormatVersions() {
        byte[] bytes = bytes(HEADER);
        bytes[5] = (byte) (ArdmFileHeader.VERSION + 1);
        assertFormatError("unsupported ardm format version " + (ArdmFileHeader.VERSION + 1) + " (this build reads versions 3 to "
                + ArdmFileHeader.VERSION + ")", bytes);
        bytes[5] = 2;
        assertFormatError("unsupported ardm format version 2 (this build reads versions 3 to 4)", bytes);
    }

    @Test
    void rejectsDamagedHeaders() {
        for (int offset = 6; offset < SIZE; offset++) {
            byte[] bytes = bytes(HEADER);
            bytes[offset] ^= 0x10;
            // A damaged length field (of the modality id at 56, of the metadata at 62..63) makes the header end elsewhere.
            boolean length = offset == 56 || offset == 62 || offset == 63;
            assertFormatError(length ? "truncated ardm file: header has 72 of " : "corrupt ardm header (header checksum mismatch)", bytes);
        }
    }

    @Test
    void rejectsImpossibleFieldsEvenWithAValidChecksum() {
        assertFormatError("invalid ardm header: segment length must be >= 1, got 0", withField(51, 0));
        assertFormatError("invalid ardm header: budget must be >= 1, got -3", withField(47, -3));
        byte[] precision = bytes(HEADER);
        precision[55] = 29;
        assertFormatError("invalid ardm header: precision must be 1..28 bits, got 29", resealed(precision));
        byte[] length = bytes(HEADER);
        ByteBuffer.wrap(length).putLong(39, -1);
        assertFormatError("invalid ardm header: original length must be in [0, 2147483639], got -1", resealed(length));
        ByteBuffer.wrap(length).putLong(39, Long.MAX_VALUE);
        assertFormatError("invalid ardm header: original length must be in [0, 2147483639], got " + Long.MAX_VALUE, resealed(length));
    }

    @Test
    void requiresTheSameModelFingerprint() {
        assertDoesNotThrow(() -> HEADER.requireFingerprint(fingerprint(1)));
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> HEADER.requireFingerprint(fingerprint(2)));
        assertTrue(e.getMessage().startsWith("compressed with a different model (fingerprint 0102030405"), e.getMessage());
        assertTrue(e.getMessage().contains(", this model has 0203040506"), e.getMessage());
    }

    @Test
    void checksTheDecodedDataAgainstItsLengthAndCrc() throws IOException {
        byte[] data = "the original data".getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertEquals((int) crc.getValue(), ArdmFileHeader.crc32c(data));
        ArdmFileHeader header = header(FINGERPRINT, data.length, 20, 8, 24, ArdmFileHeader.crc32c(data));
        header.requireOriginalCrc(data);
        ArdmFormatException wrongLength = assertThrows(ArdmFormatException.class, () -> header.requireOriginalCrc(Arrays.copyOf(data, 3)));
        assertEquals("decoded 3 bytes, expected 17", wrongLength.getMessage());
        data[4] ^= 1;
        ArdmFormatException wrongCrc = assertThrows(ArdmFormatException.class, () -> header.requireOriginalCrc(data));
        assertTrue(wrongCrc.getMessage().startsWith("decoded data fails its CRC32C check"), wrongCrc.getMessage());
    }

    @Test
    void constructorRejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> header(new byte[31], 1, 1, 1, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> header(FINGERPRINT, -1, 1, 1, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> header(FINGERPRINT, 1, 0, 1, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> header(FINGERPRINT, 1, 1, 0, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> header(FINGERPRINT, 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ArdmFileHeader.coded(FINGERPRINT, 1, 1, 1, 24, "", new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> ArdmFileHeader.coded(FINGERPRINT, 1, 1, 1, 24, "a b", new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> ArdmFileHeader.coded(FINGERPRINT, 1, 1, 1, 24, "x", new byte[65536], 0));
        byte[] mine = fingerprint(1);
        ArdmFileHeader header = header(mine, 1, 1, 1, 24, 0);
        mine[0] = 99;
        header.modelFingerprint()[1] = 99;
        assertArrayEquals(fingerprint(1), header.modelFingerprint());
    }

    static byte[] fingerprint(int start) {
        byte[] f = new byte[ArdmFileHeader.FINGERPRINT_BYTES];
        for (int i = 0; i < f.length; i++) f[i] = (byte) (start + i);
        return f;
    }

    static byte[] bytes(ArdmFileHeader header) {
        return header.toBytes();
    }

    private static ArdmFileHeader read(byte[] bytes) throws IOException {
        return ArdmFileHeader.read(new ByteArrayInputStream(bytes));
    }

    private static byte[] withField(int offset, int value) {
        byte[] bytes = bytes(HEADER);
        ByteBuffer.wrap(bytes).putInt(offset, value);
        return resealed(bytes);
    }

    /** Recomputes the header checksum, as a buggy or malicious writer would. */
    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        ByteBuffer.wrap(bytes).putInt(SIZE - 4, (int) crc.getValue());
        return bytes;
    }

    private static void assertFormatError(String expectedStart, byte[] bytes) {
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> read(bytes));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
