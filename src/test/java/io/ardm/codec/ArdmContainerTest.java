package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArdmContainerTest {
    private static final Categorical BYTES = Categorical.uniform(256, Categorical.DEFAULT_PRECISION);

    @Test
    void roundTripsSegmentsCodedWithRans() throws IOException {
        byte[] original = new byte[2500];
        new SplittableRandom(12).nextBytes(original);
        byte[] file = compress(original, 1000);
        assertEquals(ArdmFileHeader.SIZE + 3 * 4 + (1000 + 8) * 2 + 500 + 8, file.length);

        ArdmContainer.Contents contents = ArdmContainer.read(new ByteArrayInputStream(file));
        contents.header().requireFingerprint(ArdmFileHeaderTest.FINGERPRINT);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < contents.payloads().size(); i++) {
            int length = (int) Math.min(1000, original.length - 1000L * i);
            RansDecoder decoder = new RansDecoder(contents.payloads().get(i));
            for (int j = 0; j < length; j++) decoded.write(decoder.pop(BYTES));
            decoder.finish();
        }
        contents.header().requireOriginalCrc(decoded.toByteArray());
        assertArrayEquals(original, decoded.toByteArray());
    }

    @Test
    void emptyDataHasNoSegments() throws IOException {
        byte[] file = compress(new byte[0], 1000);
        assertEquals(ArdmFileHeader.SIZE, file.length);
        assertEquals(List.of(), ArdmContainer.read(new ByteArrayInputStream(file)).payloads());
    }

    @Test
    void rejectsDamagedFraming() {
        byte[] file = compress(new byte[2500], 1000);
        assertFormatError("truncated ardm file: segment 2 of 3 is missing", Arrays.copyOf(file, file.length - 512));
        assertFormatError("truncated ardm file: segment 2 has 500 of 508 bytes", Arrays.copyOf(file, file.length - 8));
        assertFormatError("corrupt ardm file: data after the last segment", Arrays.copyOf(file, file.length + 1));
        for (int badLength : new int[] {0, 4, 1010, -8}) {
            byte[] bad = file.clone();
            ByteBuffer.wrap(bad).putInt(ArdmFileHeader.SIZE, badLength);
            assertFormatError("corrupt ardm file: segment 0 claims an impossible length", bad);
        }
        byte[] huge = file.clone();
        ByteBuffer.wrap(huge).putInt(ArdmFileHeader.SIZE, 1 << 29);
        assertFormatError("truncated ardm file: segment 0 has", huge);
    }

    @Test
    void writerChecksThePayloadCount() {
        ArdmFileHeader header = new ArdmFileHeader(ArdmFileHeaderTest.FINGERPRINT, 2500, 50, 1000, 24, 0);
        assertThrows(IllegalArgumentException.class,
                () -> ArdmContainer.write(new ByteArrayOutputStream(), header, List.of(new byte[8])));
    }

    private static byte[] compress(byte[] original, int segmentLength) {
        List<byte[]> payloads = new ArrayList<>();
        for (int start = 0; start < original.length; start += segmentLength) {
            RansEncoder encoder = new RansEncoder();
            for (int j = Math.min(original.length, start + segmentLength) - 1; j >= start; j--) {
                encoder.push(Byte.toUnsignedInt(original[j]), BYTES);
            }
            payloads.add(encoder.toByteArray());
        }
        ArdmFileHeader header = new ArdmFileHeader(ArdmFileHeaderTest.FINGERPRINT, original.length, 50, segmentLength,
                Categorical.DEFAULT_PRECISION, ArdmFileHeader.crc32c(original));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertDoesNotThrow(() -> ArdmContainer.write(out, header, payloads));
        return out.toByteArray();
    }

    private static void assertFormatError(String expectedStart, byte[] file) {
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> ArdmContainer.read(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
