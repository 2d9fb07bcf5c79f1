package io.ardm.run;

import io.ardm.ardm.StepInput;
import io.ardm.nn.Parameters;
import io.ardm.nn.arch.WaveNet;
import io.ardm.nn.arch.WaveNetConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Transpose;

/**
 * A WaveNet as the ARDM network of one channel of audio, D samples of K levels (spec §6.4). The network sees 2 + S
 * input channels: the value normalised to [−1, 1], the revealed mask, and the stage as a one-hot; and the global step
 * g·D + t through its embedding. It returns the process's logits per position ({@code outputs}: S·b for the upscale
 * ARDM's direct parametrization), [B, D, outputs].
 */
public final class WaveNetArdm implements TrainableArdm {
    private final WaveNet net;
    private final int length, levels, stages, outputs;

    public WaveNetArdm(int length, int levels, int stages, int outputs, int channels, int blocks, int dilationCycle, long seed) {
        this.length = length;
        this.levels = levels;
        this.stages = stages;
        this.outputs = outputs;
        this.net = new WaveNet(new WaveNetConfig(2 + stages, outputs, channels, blocks, dilationCycle, stages * length), seed);
    }

    @Override public Parameters parameters() {
        return net.parameters();
    }

    @Override public int length() {
        return length;
    }

    @Override public int classes() {
        return outputs;
    }

    @Override public Tensor logits(Tape tape, StepInput input) {
        int batch = input.batch();
        int in = 2 + stages;
        Tensor x = Tensor.zeros(batch, in, length);
        for (int b = 0; b < batch; b++) {
            int stage = input.steps()[b] / length;
            if (stage < 0 || stage >= stages) throw new IllegalArgumentException("step " + input.steps()[b] + " is outside the " + stages + " stages");
            int item = b * in * length;
            for (int p = 0; p < length; p++) {
                int j = b * length + p;
                int v = input.values()[j];
                x.data[item + p] = v >= 0 && v < levels ? 2f * v / (levels - 1) - 1f : 0f;
                x.data[item + length + p] = input.revealed()[j] ? 1f : 0f;
                x.data[item + (2 + stage) * length + p] = 1f;
            }
        }
        Tensor out = net.apply(tape, x, input.steps()); // [B, outputs, D]
        return Transpose.swap(tape, out, 1, 2); // [B, D, outputs]
    }
}
