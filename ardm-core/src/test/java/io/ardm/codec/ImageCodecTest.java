package io.ardm.codec;

import io.ardm.ArdmFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.StepInput;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.ardm.process.Process;
import io.ardm.ardm.process.UpscaleProcess;
import io.ardm.ardm.process.ZeroLeastSignificant;
import io.ardm.modality.Modalities;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.image.Picture;
import io.ardm.modality.image.Png;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pictures through the file codec: tiles coded stage by stage, the header's shape, the CRC over the pixels. */
class ImageCodecTest {
    private static final int D = ImageModality.LENGTH;

    /** A model of pictures that are mostly grey: value 128 is very likely, every other one possible. */
    private static final ArdmNetwork BELIEVES_IN_GREY = new ArdmNetwork() {
        @Override public Tensor logits(Tape tape, StepInput input) {
            Tensor out = Tensor.zeros(input.batch(), D, 256);
            for (int i = 0; i < input.batch() * D; i++) out.data[i * 256 + 128] = 12f;
            return out;
        }
        @Override public int length() { return D; }
        @Override public int classes() { return 256; }
    };

    private static SegmentedFileCodec codec(Process process) {
        Order[] orders = IntStream.range(0, process.stages()).mapToObj(g -> Order.random(D, new SplittableRandom(g))).toArray(Order[]::new);
        return new SegmentedFileCodec(Modalities.IMAGE, BELIEVES_IN_GREY, process, new byte[32], orders,
                b -> StagePolicies.naive(process.stages(), D, b));
    }

    /** A 45×70 grey picture with a few coloured pixels. */
    private static Picture mostlyGrey() {
        byte[] pixels = new byte[45 * 70 * 3];
        java.util.Arrays.fill(pixels, (byte) 128);
        pixels[100] = 3;
        pixels[4000] = (byte) 250;
        return new Picture(45, 70, 3, pixels);
    }

    @Test
    void picturesRoundTripThroughOaAndUpscaleModels() throws Exception {
        byte[] png = Png.write(mostlyGrey());
        for (Process p : new Process[] {new AbsorbingProcess(D, 256), new UpscaleProcess(D, ZeroLeastSignificant.of(256, 4))}) {
            SegmentedFileCodec codec = codec(p);
            byte[] packed = codec.compress(png, 20);
            ArdmFileHeader h = ArdmFileHeader.read(new ByteArrayInputStream(packed));
            assertFalse(h.stored(), "the model codes it smaller than its PNG");
            assertTrue(packed.length < png.length, packed.length + " vs PNG " + png.length);
            assertEquals("image", h.modality());
            assertEquals(6 * D, h.originalLength(), "2 × 3 tiles of symbols");
            ByteBuffer meta = ByteBuffer.wrap(h.metadata());
            assertEquals(45, meta.getInt());
            assertEquals(70, meta.getInt());
            assertEquals(3, meta.get());
            assertArrayEquals(mostlyGrey().pixels(), Png.read(codec.decompress(packed)).pixels(), p.stages() + " stages");
        }
    }

    @Test
    void aDamagedPixelIsCaughtByTheCrc() throws Exception {
        SegmentedFileCodec codec = codec(new AbsorbingProcess(D, 256));
        byte[] packed = codec.compress(Png.write(mostlyGrey()), 20);
        int headerSize = ArdmFileHeader.read(new ByteArrayInputStream(packed)).size();
        int caught = 0;
        for (int at = headerSize + 6; at < packed.length; at += 7) {
            byte[] bad = packed.clone();
            bad[at] ^= 0x10;
            try {
                codec.decompress(bad);
            } catch (ArdmFormatException e) {
                caught++;
                continue;
            }
            throw new AssertionError("a flipped bit at " + at + " decoded silently");
        }
        assertTrue(caught > 0);
    }

    @Test
    void aFileThatIsNoPictureIsRefusedByTheImageModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec(new AbsorbingProcess(D, 256)).compress("hello".getBytes(), 20));
        assertEquals("not a PNG file", e.getMessage());
    }
}
