package io.ardm.nn.arch;

import static io.ardm.tensor.GradCheck.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ardm.tensor.GradCheck;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WaveNetTest {
    static final WaveNetConfig TINY = new WaveNetConfig(3, 5, 4, 3, 2, 20);

    /** A WaveNet whose zero-initialised output is filled too, so every branch carries gradient. */
    static WaveNet randomised(WaveNetConfig c, long seed) {
        return randomised(new WaveNet(c, seed), seed);
    }

    static WaveNet randomised(WaveNet net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Tensor p : net.parameters().asMap().values()) GradCheck.randomize(p, r.nextLong(), 0.5f);
        return net;
    }

    /** ReLU's kink makes finite differences unreliable next to it, so the wiring is checked with SiLU in its two places. */
    @Test
    void gradientsThroughTheWholeNetwork() {
        WaveNet net = randomised(new WaveNet(TINY, 3, io.ardm.tensor.op.Activation.SILU), 3);
        Tensor x = GradCheck.randomize(Tensor.parameter(2, 3, 9), 4, 1f);
        int[] steps = {1, 17};
        Tensor[] probed = {x, net.parameters().get("conv_in.weight"), net.parameters().get("block1.dilated.weight"),
                net.parameters().get("block2.mix.weight"), net.parameters().get("block0.step.weight"), net.parameters().get("step.dense0.weight"),
                net.parameters().get("conv_out1.bias")};
        check("wavenet", tape -> net.apply(tape, x, steps), 1e-2f, 3e-2, 2e-3, probed);
    }

    @Test
    void startsAsAZeroReadOut() {
        Tensor out = new WaveNet(TINY, 1).apply(Tape.inference(), GradCheck.randomize(Tensor.zeros(2, 3, 9), 2, 1f), new int[] {0, 7});
        assertEquals(5, out.dim(1));
        for (float v : out.data) assertEquals(0f, v, "zero-initialised output convolution: uniform logits at the start");
    }

    /** Kernel 3, dilations 1, 2, 1 (cycle 2): an output sees exactly 4 samples to either side, no further. */
    @Test
    void theReceptiveFieldIsTheSumOfTheDilations() {
        assertEquals(4, TINY.receptiveRadius());
        WaveNet net = randomised(TINY, 5);
        int length = 21, centre = 10;
        Tensor x = GradCheck.randomize(Tensor.zeros(1, 3, length), 6, 1f);
        float[] base = net.apply(Tape.inference(), x, new int[] {3}).data;
        for (int far : new int[] {centre - 5, centre + 5, centre - 4, centre + 4}) {
            Tensor moved = Tensor.of(x.data.clone(), 1, 3, length);
            moved.data[length + far] += 1f; // channel 1 at one sample
            float[] out = net.apply(Tape.inference(), moved, new int[] {3}).data;
            boolean reaches = Math.abs(far - centre) <= 4;
            for (int c = 0; c < 5; c++) {
                if (reaches) continue;
                assertEquals(base[c * length + centre], out[c * length + centre], "sample " + far + " is beyond the receptive field");
            }
            if (reaches) assertNotEquals(base[centre], out[centre], "sample " + far + " is within reach");
        }
    }
}
