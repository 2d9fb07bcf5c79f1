package io.ardm.codec;

import io.ardm.ArdmFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Long files are cut into members of bounded size: their flags, boundaries, stored members and truncation. */
class MultiMemberFileTest {
    private final SegmentedFileCodec codec = SegmentedFileCodecTest.believesInA();
    private final int member = codec.memberBytes();

    @Test
    void aMemberHoldsAFixedNumberOfSegments() {
        assertEquals(SegmentedFileCodec.SEGMENTS_PER_MEMBER * SegmentedFileCodecTest.D, member);
    }

    @Test
    void aLongFileIsCodedAsConsecutiveMembersThatRoundTrip() throws IOException {
        byte[] data = mostlyA(2 * member + 1234, 7);
        byte[] packed = codec.compress(data, 4);
        List<ArdmFileHeader> headers = headers(packed);
        assertEquals(List.of(true, true, false), headers.stream().map(ArdmFileHeader::continued).toList());
        assertEquals(List.of((long) member, (long) member, 1234L), headers.stream().map(ArdmFileHeader::originalLength).toList());
        assertArrayEquals(data, codec.decompress(packed));
        // the first member is exactly what coding the first part alone says, flagged continued
        byte[] first = codec.compressMember(Arrays.copyOf(data, member), 4, true, new CRC32C(), done -> { });
        assertArrayEquals(first, Arrays.copyOf(packed, first.length));
        ArdmMembers.Summary s = ArdmMembers.summarize(new ByteArrayInputStream(packed));
        assertEquals(3, s.members());
        assertEquals(data.length, s.originalLength());
        assertEquals(codec.segments(data.length), s.segments());
    }

    @Test
    void aFileOfWholeMembersEndsWithAFullOneAndAShortFileIsOneMember() throws IOException {
        byte[] whole = mostlyA(2 * member, 3);
        assertEquals(List.of(true, false), headers(codec.compress(whole, 4)).stream().map(ArdmFileHeader::continued).toList());
        assertArrayEquals(whole, codec.decompress(codec.compress(whole, 4)));
        byte[] small = mostlyA(member, 4);
        assertEquals(List.of(false), headers(codec.compress(small, 4)).stream().map(ArdmFileHeader::continued).toList());
    }

    @Test
    void aMemberTheModelCannotShrinkIsStoredWhileTheOthersAreCoded() throws IOException {
        byte[] data = mostlyA(3 * member, 5);
        byte[] noise = new byte[member];
        new SplittableRandom(9).nextBytes(noise);
        System.arraycopy(noise, 0, data, member, member);
        byte[] packed = codec.compress(data, 4);
        assertEquals(List.of(false, true, false), headers(packed).stream().map(ArdmFileHeader::stored).toList());
        assertArrayEquals(data, codec.decompress(packed));
        assertEquals(Optional.empty(), SegmentedFileCodec.storedData(packed), "a model is needed for the coded members");
        assertFalse(ArdmMembers.summarize(new ByteArrayInputStream(packed)).stored());
        byte[] allNoise = new byte[2 * member + 5];
        new SplittableRandom(10).nextBytes(allNoise);
        byte[] stored = codec.compress(allNoise, 4);
        assertArrayEquals(allNoise, SegmentedFileCodec.storedData(stored).orElseThrow(), "all stored: no model needed");
        assertTrue(stored.length <= allNoise.length + 3L * headers(stored).get(0).size(), "each member grows by at most its header");
    }

    @Test
    void cuttingAFileAtAMemberBoundaryOrAppendingToItIsDetected() throws IOException {
        byte[] packed = codec.compress(mostlyA(2 * member + 10, 11), 4);
        int firstLength = codec.compressMember(Arrays.copyOf(mostlyA(2 * member + 10, 11), member), 4, true, new CRC32C(), done -> { }).length;
        ArdmFormatException cut = assertThrows(ArdmFormatException.class, () -> codec.decompress(Arrays.copyOf(packed, firstLength)));
        assertEquals("truncated ardm file: it ends after member 1, which says another follows", cut.getMessage());
        byte[] appended = Arrays.copyOf(packed, packed.length + 1);
        ArdmFormatException extra = assertThrows(ArdmFormatException.class, () -> codec.decompress(appended));
        assertEquals("corrupt ardm file: data after the last stream", extra.getMessage());
        byte[] twice = new ByteArrayOutputStream() {{ writeBytes(Arrays.copyOf(packed, firstLength)); writeBytes(packed); }}.toByteArray();
        assertThrows(ArdmFormatException.class, () -> codec.decompress(twice), "members carry their own lengths, so a repeat is caught");
    }

    /** Mostly the letter the test model believes in, with a few other bytes. */
    private static byte[] mostlyA(int n, long seed) {
        byte[] data = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) data[i] = r.nextInt(50) == 0 ? (byte) r.nextInt(256) : (byte) 'a';
        return data;
    }

    private static List<ArdmFileHeader> headers(byte[] packed) throws IOException {
        ArdmMembers members = new ArdmMembers(new ByteArrayInputStream(packed));
        List<ArdmFileHeader> headers = new ArrayList<>();
        for (Optional<ArdmContainer.Contents> m; (m = members.next()).isPresent(); ) headers.add(m.get().header());
        return headers;
    }
}
