package io.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.codec.ArdmContainer;
import io.ardm.codec.ArdmMembers;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.codec.SegmentedFileCodecTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ArdmOutputStream and ArdmInputStream over a byte model without a network (members of 98,304 bytes): every write
 * and read pattern gives the codec's own file, empty streams, truncation anywhere, and the stream's rules.
 */
class ArdmStreamsTest {
    private static final int BUDGET = 4;
    private final SegmentedFileCodec codec = SegmentedFileCodecTest.believesInA();
    private final int member = codec.memberBytes();

    @Test
    void everyWritePatternGivesTheCodecsFile() throws IOException {
        for (int n : new int[] {0, 1, 23, 24, 25, 1000, member - 1, member, member + 1, 3 * member + 17}) {
            byte[] data = mostlyA(n, n);
            byte[] expected = codec.compress(data, BUDGET);
            assertArrayEquals(expected, written(data, Pattern.WHOLE), n + " bytes in one write");
            assertArrayEquals(expected, written(data, Pattern.CHUNKS), n + " bytes in random chunks");
            assertArrayEquals(data, read(expected, Pattern.CHUNKS), n + " bytes read in chunks");
            if (n > member + 1) continue;
            assertArrayEquals(expected, written(data, Pattern.TRANSFER_TO), n + " bytes through transferTo");
            assertArrayEquals(expected, written(data, Pattern.BYTE_BY_BYTE), n + " bytes one by one");
            for (Pattern reading : List.of(Pattern.WHOLE, Pattern.TRANSFER_TO, Pattern.BYTE_BY_BYTE)) {
                assertArrayEquals(data, read(expected, reading), n + " bytes read " + reading);
            }
        }
    }

    @Tag("long")
    @Test
    void tenMegabytesRoundTrip() throws IOException {
        byte[] data = mostlyA(10_000_000, 10);
        byte[] packed = written(data, Pattern.CHUNKS);
        assertArrayEquals(codec.compress(data, BUDGET), packed);
        assertArrayEquals(data, read(packed, Pattern.CHUNKS));
    }

    @Test
    void anEmptyStreamIsOneEmptyMember() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new ArdmOutputStream(sink, codec, BUDGET).close();
        assertArrayEquals(codec.compress(new byte[0], BUDGET), sink.toByteArray());
        try (InputStream in = new ArdmInputStream(new ByteArrayInputStream(sink.toByteArray()), codec)) {
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[5]));
        }
    }

    @Test
    void aMemberIsWrittenOnlyWhenFullAndFollowed() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ArdmOutputStream out = new ArdmOutputStream(sink, codec, BUDGET);
        out.write(mostlyA(member, 1));
        out.flush();
        assertEquals(0, sink.size(), "a full member waits: only the next byte says whether it is the last");
        out.write('a');
        assertTrue(sink.size() > 0);
        int firstMember = sink.size();
        out.finish();
        assertTrue(sink.size() > firstMember);
        assertThrows(IOException.class, () -> out.write('a'), "nothing after finish");
        out.close();
        out.close();
    }

    @Test
    void truncationAnywhereThrowsWhereItIsFoundAfterAPrefixOfTheData() throws IOException {
        byte[] data = mostlyA(2 * member + 500, 3);
        byte[] packed = codec.compress(data, BUDGET);
        List<Integer> cuts = new ArrayList<>(boundaries(packed));
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 40; i++) cuts.add(1 + r.nextInt(packed.length - 1));
        for (int cut : cuts) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = new ArdmInputStream(new ByteArrayInputStream(Arrays.copyOf(packed, cut)), codec)) {
                ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> in.transferTo(got), "cut at " + cut);
                assertTrue(e.getMessage().startsWith("truncated ardm file") || e.getMessage().startsWith("corrupt ardm"), e.getMessage());
            }
            assertArrayEquals(Arrays.copyOf(data, got.size()), got.toByteArray(), "what came before the damage is the data's start");
        }
    }

    @Test
    void aDamagedHeaderIsRefusedBeforeAnyData() throws IOException {
        byte[] damaged = codec.compress(mostlyA(100, 2), BUDGET);
        damaged[10] ^= 1; // inside the fingerprint: the header checksum catches it
        ArdmFormatException e = assertThrows(ArdmFormatException.class,
                () -> new ArdmInputStream(new ByteArrayInputStream(damaged), codec).readAllBytes());
        assertEquals("corrupt ardm header (header checksum mismatch)", e.getMessage());
    }

    /** The offsets where members and their streams start, and the total length less one. */
    private static List<Integer> boundaries(byte[] packed) throws IOException {
        List<Integer> cuts = new ArrayList<>();
        ArdmMembers members = new ArdmMembers(new ByteArrayInputStream(packed));
        int offset = 0;
        for (Optional<ArdmContainer.Contents> m; (m = members.next()).isPresent(); ) {
            int position = offset + m.get().header().size();
            cuts.add(offset);
            cuts.add(position);
            for (byte[] p : m.get().payloads()) {
                cuts.add(position + 4);
                position += 4 + p.length;
                cuts.add(position);
            }
            offset = position;
        }
        cuts.removeIf(c -> c == 0 || c >= packed.length);
        cuts.add(packed.length - 1);
        return cuts;
    }

    private enum Pattern { WHOLE, CHUNKS, TRANSFER_TO, BYTE_BY_BYTE }

    private byte[] written(byte[] data, Pattern pattern) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ArdmOutputStream(sink, codec, BUDGET)) {
            switch (pattern) {
                case WHOLE -> out.write(data);
                case TRANSFER_TO -> new ByteArrayInputStream(data).transferTo(out);
                case BYTE_BY_BYTE -> { for (byte b : data) out.write(b); }
                case CHUNKS -> {
                    SplittableRandom r = new SplittableRandom(data.length);
                    for (int i = 0; i < data.length; ) {
                        int n = Math.min(data.length - i, r.nextInt(3) == 0 ? r.nextInt(10) : r.nextInt(70_000));
                        out.write(data, i, n);
                        i += n;
                    }
                }
            }
        }
        return sink.toByteArray();
    }

    private byte[] read(byte[] packed, Pattern pattern) throws IOException {
        try (InputStream in = new ArdmInputStream(new ByteArrayInputStream(packed), codec)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            switch (pattern) {
                case WHOLE -> got.writeBytes(in.readAllBytes());
                case TRANSFER_TO -> in.transferTo(got);
                case BYTE_BY_BYTE -> { for (int b; (b = in.read()) != -1; ) got.write(b); }
                case CHUNKS -> {
                    byte[] buf = new byte[7919];
                    for (int n; (n = in.read(buf, 0, 1 + got.size() % buf.length)) != -1; ) got.write(buf, 0, n);
                }
            }
            return got.toByteArray();
        }
    }

    /** Mostly the letter the test model believes in. */
    static byte[] mostlyA(int n, long seed) {
        byte[] data = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) data[i] = r.nextInt(50) == 0 ? (byte) r.nextInt(256) : (byte) 'a';
        return data;
    }
}
