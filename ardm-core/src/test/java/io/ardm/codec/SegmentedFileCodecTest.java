package io.ardm.codec;

import io.ardm.ArdmFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.StepInput;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.modality.Modalities;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of any bytes through a byte model; the stored fallback; files and checkpoints of older versions. */
public class SegmentedFileCodecTest {
    public static final int D = 24;

    /** A byte model that believes in one letter: 'a' costs almost nothing, every other byte about 20 bits. */
    private static final ArdmNetwork BELIEVES_IN_A = new ArdmNetwork() {
        @Override public Tensor logits(Tape tape, StepInput input) {
            Tensor out = Tensor.zeros(input.batch(), D, 256);
            for (int i = 0; i < input.batch() * D; i++) out.data[i * 256 + 'a'] = 14f;
            return out;
        }
        @Override public int length() { return D; }
        @Override public int classes() { return 256; }
    };

    /** A codec whose byte model needs no network (fast enough for megabytes in tests). */
    public static SegmentedFileCodec believesInA() {
        return new SegmentedFileCodec(Modalities.BYTES, BELIEVES_IN_A, new AbsorbingProcess(D, 256), new byte[32],
                new Order[] {Order.random(D, new SplittableRandom(1))}, b -> StagePolicies.of(Policy.naive(D, b)));
    }

    @Test
    void aVersion3FileStillDecodesWithItsModel(@TempDir Path dir) throws Exception {
        Path model = copyResource("v3/model.ardm", dir);
        LoadedModel m = RunCheckpoint.loadForInference(model); // a checkpoint written before modalities existed
        assertEquals("text8", m.modality().id());
        byte[] file = resource("v3/genesis.txt.ardm");
        assertEquals(3, ArdmFileHeader.read(new ByteArrayInputStream(file)).version());
        assertArrayEquals(resource("v3/genesis.txt"), m.fileCodec().decompress(file));
        // and today's files from the same model are format 4 and round-trip
        byte[] v4 = m.fileCodec().compress(resource("v3/genesis.txt"), 8);
        assertEquals(4, ArdmFileHeader.read(new ByteArrayInputStream(v4)).version());
        assertArrayEquals(resource("v3/genesis.txt"), m.fileCodec().decompress(v4));
    }

    @Test
    void anyBytesRoundTripAndNothingGrowsByMoreThanItsHeader() throws Exception {
        SegmentedFileCodec codec = FileCodecFuzz.codec(Modalities.BYTES, 7);
        byte[] utf8 = "Gödel, Escher, Bach — 日本語のテキスト, naïve café\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] ls = Arrays.copyOf(Files.readAllBytes(Path.of("/bin/ls")), 20_000);
        byte[] random = new byte[5_000];
        new SplittableRandom(3).nextBytes(random);
        for (byte[] data : new byte[][] {new byte[0], {42}, utf8, ls, random}) {
            byte[] packed = codec.compress(data, 6);
            assertArrayEquals(data, codec.decompress(packed), data.length + " bytes");
            int header = ArdmFileHeader.read(new ByteArrayInputStream(packed)).size();
            assertTrue(packed.length <= data.length + header, packed.length + " for " + data.length + " bytes");
        }
    }

    @Test
    void incompressibleDataIsStoredAsItIs() throws Exception {
        byte[] random = new byte[3_000];
        new SplittableRandom(4).nextBytes(random);
        byte[] packed = believesInA().compress(random, 4);
        ArdmFileHeader h = ArdmFileHeader.read(new ByteArrayInputStream(packed));
        assertTrue(h.stored());
        assertEquals(h.size() + random.length, packed.length);
        assertArrayEquals(random, Arrays.copyOfRange(packed, h.size(), packed.length));
        // a stored file needs no model to decode: another model reads it back
        assertArrayEquals(random, FileCodecFuzz.codec(Modalities.BYTES, 9).decompress(packed));
    }

    @Test
    void aStreamThatWouldGrowIsWrittenPlainlyBesideCodedOnes() throws Exception {
        // 130 segments → 3 streams; the first holds random bytes (plain), the others 'a's (coded to almost nothing)
        byte[] data = new byte[130 * D];
        Arrays.fill(data, (byte) 'a');
        byte[] noise = new byte[43 * D];
        new SplittableRandom(5).nextBytes(noise);
        System.arraycopy(noise, 0, data, 0, noise.length);
        byte[] packed = believesInA().compress(data, 4);
        ArdmContainer.Contents c = ArdmContainer.read(new ByteArrayInputStream(packed));
        assertEquals(3, c.payloads().size());
        assertEquals(SegmentedFileCodec.RAW, c.payloads().get(0)[0]);
        assertEquals(1 + noise.length, c.payloads().get(0).length);
        assertEquals(SegmentedFileCodec.RANS, c.payloads().get(1)[0]);
        assertTrue(c.payloads().get(1).length < 20, "a stream of 'a's codes to a few bytes");
        assertArrayEquals(data, believesInA().decompress(packed));
        // a damaged mode byte is a one-line error
        byte[] bad = packed.clone();
        bad[c.header().size() + 4] = 7;
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> believesInA().decompress(bad));
        assertTrue(e.getMessage().contains("unknown payload mode 7"), e.getMessage());
    }

    @Test
    void aFileOfOneModalityIsRefusedByAModelOfAnother() throws Exception {
        byte[] packed = FileCodecFuzz.codec(Modalities.TEXT8, 1).compress("abc def ".repeat(40).getBytes(StandardCharsets.US_ASCII), 5);
        ArdmFormatException e = assertThrows(ArdmFormatException.class, () -> FileCodecFuzz.codec(Modalities.BYTES, 1).decompress(packed));
        assertEquals("compressed with a text8 model; this is a bytes model", e.getMessage());
    }

    private static byte[] resource(String name) throws Exception {
        try (var in = SegmentedFileCodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static Path copyResource(String name, Path dir) throws Exception {
        Path p = dir.resolve(Path.of(name).getFileName());
        Files.write(p, resource(name));
        return p;
    }
}
