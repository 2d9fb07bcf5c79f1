package io.ardm.codec;

import io.ardm.ArdmFormatException;
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
        for (int segmentLength : new int[] {1000, 7}) {
            byte[] original = new byte[2500];
            new SplittableRandom(12).nextBytes(original);
            byte[] file = compress(original, segmentLength);
            ArdmContainer.Contents contents = ArdmContainer.read(new ByteArrayInputStream(file));
            ArdmFileHeader h = contents.header();
            h.requireFingerprint(ArdmFileHeaderTest.FINGERPRINT);
            // 3 segments share one stream; 358 segments of 7 bytes make ⌈358/64⌉ = 6 streams
            assertEquals(segmentLength == 1000 ? 1 : 6, contents.payloads().size());
            // whole bytes fill whole words: the final state holds just its leading 1 bit
            if (segmentLength == 1000) assertEquals(ArdmFileHeaderTest.SIZE + 4 + 2500 + 1, file.length);
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            for (int s = 0; s < contents.payloads().size(); s++) {
                long bytes = Math.min(original.length, h.firstSegment(s + 1) * segmentLength) - h.firstSegment(s) * segmentLength;
                RansDecoder decoder = new RansDecoder(contents.payloads().get(s), bytes);
                for (long j = 0; j < bytes; j++) decoded.write(decoder.pop(BYTES));
                decoder.finish();
            }
            h.requireOriginalCrc(decoded.toByteArray());
            assertArrayEquals(original, decoded.toByteArray());
        }
    }

    @Test
    void streamsCoverTheSegmentsInOrderAndAreCapped() {
        ArdmFileHeader big = ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, 250L * 5378, 20, 250, 24, 0);
        assertEquals(ArdmFileHeader.MAX_STREAMS, big.streamCount());
        assertEquals(0, big.firstSegment(0));
        assertEquals(5378, big.firstSegment(big.streamCount()));
        for (int s = 0; s < big.streamCount(); s++) assertTrue(big.firstSegment(s + 1) - big.firstSegment(s) >= 336);
        assertEquals(2, ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, 250L * 65, 20, 250, 24, 0).streamCount());
        assertEquals(0, ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, 0, 20, 250, 24, 0).streamCount());
    }

    @Test
    void emptyDataHasNoStreams() throws IOException {
        byte[] file = compress(new byte[0], 1000);
        assertEquals(ArdmFileHeaderTest.SIZE, file.length);
        assertEquals(List.of(), ArdmContainer.read(new ByteArrayInputStream(file)).payloads());
    }

    @Test
    void storedFilesHoldTheOriginalBytes() throws IOException {
        byte[] original = {1, 2, 3, 4, 5};
        ArdmFileHeader header = ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, 5, 50, 1000, 24, ArdmFileHeader.crc32c(original)).asStored(original);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArdmContainer.writeStored(out, header, original);
        byte[] file = out.toByteArray();
        assertEquals(ArdmFileHeaderTest.SIZE + 5, file.length, "a stored file is its header plus the original");
        assertArrayEquals(original, ArdmContainer.read(new ByteArrayInputStream(file)).stored());
        assertFormatError("truncated ardm file: stored data has 4 of 5 bytes", Arrays.copyOf(file, file.length - 1));
        assertFormatError("corrupt ardm file: data after the stored bytes", Arrays.copyOf(file, file.length + 1));
    }

    @Test
    void rejectsDamagedFraming() {
        byte[] original = new byte[2500];
        new SplittableRandom(13).nextBytes(original);
        byte[] file = compress(original, 20); // 125 segments → streams of 62 and 63 segments (1,240 and 1,260 bytes)
        List<byte[]> payloads = assertDoesNotThrow(() -> ArdmContainer.read(new ByteArrayInputStream(file))).payloads();
        int second = payloads.get(1).length;
        int secondStream = ArdmFileHeaderTest.SIZE + 4 + payloads.get(0).length;
        assertEquals(secondStream + 4 + second, file.length);
        assertFormatError("truncated ardm file: stream 1 of 2 is missing", Arrays.copyOf(file, secondStream));
        assertFormatError("truncated ardm file: stream 1 has " + (second - 8) + " of " + second + " bytes", Arrays.copyOf(file, file.length - 8));
        assertFormatError("corrupt ardm file: data after the last stream", Arrays.copyOf(file, file.length + 1));
        for (int badLength : new int[] {0, -8}) {
            byte[] bad = file.clone();
            ByteBuffer.wrap(bad).putInt(ArdmFileHeaderTest.SIZE, badLength);
            assertFormatError("corrupt ardm file: stream 0 claims an impossible length", bad);
        }
        byte[] huge = file.clone();
        ByteBuffer.wrap(huge).putInt(ArdmFileHeaderTest.SIZE, 1 << 29);
        assertFormatError("truncated ardm file: stream 0 has", huge);
    }

    @Test
    void writerChecksThePayloadCount() {
        ArdmFileHeader header = ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, 2500, 50, 1000, 24, 0);
        assertThrows(IllegalArgumentException.class,
                () -> ArdmContainer.write(new ByteArrayOutputStream(), header, List.of(new byte[8], new byte[8])));
    }

    /** One byte per symbol; each stream's bytes pushed in reverse so they pop in order. */
    private static byte[] compress(byte[] original, int segmentLength) {
        ArdmFileHeader header = ArdmFileHeaderTest.header(ArdmFileHeaderTest.FINGERPRINT, original.length, 50, segmentLength,
                Categorical.DEFAULT_PRECISION, ArdmFileHeader.crc32c(original));
        List<byte[]> payloads = new ArrayList<>();
        for (int s = 0; s < header.streamCount(); s++) {
            RansEncoder encoder = new RansEncoder();
            long from = header.firstSegment(s) * segmentLength;
            long to = Math.min(original.length, header.firstSegment(s + 1) * segmentLength);
            for (long j = to - 1; j >= from; j--) encoder.push(Byte.toUnsignedInt(original[(int) j]), BYTES);
            payloads.add(encoder.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertDoesNotThrow(() -> ArdmContainer.write(out, header, payloads));
        return out.toByteArray();
    }

    /** Reading the whole file (its members, and what follows the last) fails with a message that starts so. */
    private static void assertFormatError(String expectedStart, byte[] file) {
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> ArdmMembers.summarize(new ByteArrayInputStream(file)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
