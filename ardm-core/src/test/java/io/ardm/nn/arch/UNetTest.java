package io.ardm.nn.arch;

import static io.ardm.tensor.GradCheck.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.GradCheck;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.AddPerChannel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UNetTest {
    static final UNetConfig TINY = new UNetConfig(3, 4, 4, 4, 8, 1, 2, 10);

    /** A U-Net whose zero-initialised layers are filled too, so every branch carries gradient. */
    static UNet randomised(UNetConfig c, long seed) {
        UNet net = new UNet(c, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (Tensor p : net.parameters().asMap().values()) GradCheck.randomize(p, r.nextLong(), 0.4f);
        return net;
    }

    @Test
    void addPerChannelGradients() {
        Tensor x = GradCheck.randomize(Tensor.parameter(2, 3, 2, 2), 1, 1f);
        Tensor e = GradCheck.randomize(Tensor.parameter(2, 3), 2, 1f);
        check("add per channel", tape -> AddPerChannel.apply(tape, x, e), x, e);
        assertThrows(IllegalArgumentException.class, () -> AddPerChannel.apply(Tape.inference(), x, Tensor.zeros(3, 2)));
    }

    @Test
    void gradientsThroughTheWholeNetwork() {
        UNet net = randomised(TINY, 5);
        Tensor x = GradCheck.randomize(Tensor.parameter(2, 3, 4, 4), 6, 1f);
        int[] steps = {3, 9};
        Tensor[] probed = {x, net.parameters().get("conv_in.weight"), net.parameters().get("down0.conv1.weight"),
                net.parameters().get("mid_attn.qkv.weight"), net.parameters().get("up1.shortcut.weight"), net.parameters().get("step.dense0.weight"),
                net.parameters().get("conv_out.bias")};
        check("u-net", tape -> net.apply(tape, x, steps), 1e-2f, 3e-2, 2e-3, probed);
    }

    @Test
    void withTheInputSkipTheLastConvolutionReadsTheInputBesideTheFeatures() {
        UNetConfig skip = new UNetConfig(3, 4, 4, 4, 8, 1, 2, 10, true);
        UNet net = randomised(skip, 5);
        Tensor x = GradCheck.randomize(Tensor.parameter(2, 3, 4, 4), 6, 1f);
        check("u-net with input skip", tape -> net.apply(tape, x, new int[] {3, 9}), 1e-2f, 3e-2, 2e-3,
                x, net.parameters().get("conv_out.weight"), net.parameters().get("down0.conv1.weight"));

        // Only the centre tap from input channel 2 to output 1 left: the output is that channel of the input, scaled.
        UNet plain = new UNet(skip, 1);
        Tensor w = plain.parameters().get("conv_out.weight"); // [out 4, in 8 + 3, 3, 3]
        assertEquals(4 * 11 * 9, w.size(), "the last convolution reads 8 features and 3 input channels");
        w.data[((1 * 11) + 8 + 2) * 9 + 4] = 0.5f;
        Tensor out = plain.apply(Tape.inference(), x, new int[] {0, 7});
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 16; p++) {
                assertEquals(0.5f * x.data[(b * 3 + 2) * 16 + p], out.data[(b * 4 + 1) * 16 + p], 1e-6f, "item " + b + " pixel " + p);
                assertEquals(0f, out.data[(b * 4) * 16 + p]);
            }
        }
    }

    @Test
    void startsAsAZeroReadOut() {
        UNet net = new UNet(TINY, 1);
        Tensor x = GradCheck.randomize(Tensor.zeros(2, 3, 4, 4), 2, 1f);
        Tensor out = net.apply(Tape.inference(), x, new int[] {0, 7});
        assertEquals(4, out.dim(1));
        for (float v : out.data) assertEquals(0f, v, "zero-initialised output convolution: uniform logits at the start");
    }

    @Test
    void anItemsOutputDependsOnItsOwnInputAndStepOnly() {
        UNet net = randomised(TINY, 8);
        Tensor x = GradCheck.randomize(Tensor.zeros(3, 3, 4, 4), 9, 1f);
        float[] batched = net.apply(Tape.inference(), x, new int[] {2, 5, 2}).data;
        int item = 4 * 4 * 4;
        Tensor second = Tensor.of(Arrays.copyOfRange(x.data, 3 * 16, 6 * 16), 1, 3, 4, 4);
        float[] alone = net.apply(Tape.inference(), second, new int[] {5}).data;
        for (int i = 0; i < item; i++) assertEquals(Float.floatToRawIntBits(batched[item + i]), Float.floatToRawIntBits(alone[i]), "element " + i);
        float[] otherStep = net.apply(Tape.inference(), second, new int[] {6}).data;
        assertFalse(Arrays.equals(alone, otherStep), "the step embedding reaches the output");
        assertThrows(IllegalArgumentException.class, () -> net.apply(Tape.inference(), second, new int[] {10}));
    }
}
