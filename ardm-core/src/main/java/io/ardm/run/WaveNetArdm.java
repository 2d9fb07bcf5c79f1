package io.ardm.run;

import io.ardm.ardm.StepInput;
import io.ardm.ardm.process.ZeroLeastSignificant;
import io.ardm.nn.Parameters;
import io.ardm.nn.arch.WaveNet;
import io.ardm.nn.arch.WaveNetConfig;
import io.ardm.tensor.DetMath;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Transpose;

/**
 * A WaveNet as the ARDM network of one channel of audio, D samples of K levels (spec §6.4). The network sees 2 + S
 * input channels: the value normalised to [−1, 1] (0 for the absorbing state), the revealed mask, and the stage as a
 * one-hot; and the global step g·D + t through its embedding. It returns the process's outputs per position
 * ({@code outputs}: S·b logits for the upscale ARDM's direct parametrization, 3M for the OA-ARDM's logistic mixture),
 * [B, D, outputs].
 *
 * <p>With a relative window w &gt; 0 it also sees 2w + 1 channels per position i: tanh((v_{i+k} − c_i)/W_g − ½) for
 * k = −w..w, where c_i is what position i shows with stage g's digit and below zeroed (the start of the block its
 * digit is chosen in) and W_g that block's width. The normalised value resolves a step of 16 as 5·10⁻⁴, which Adam,
 * moving each weight by about the learning rate per step, takes ~10⁶ steps to amplify; the relative features show the
 * neighbours in units of the digit being chosen, so the fine stages read them with weights of order one.
 */
public final class WaveNetArdm implements TrainableArdm {
    private final WaveNet net;
    private final ZeroLeastSignificant transitions;
    private final int length, levels, stages, outputs, window;
    /** The D the step embedding was trained for (≠ length in a view at another length). */
    private final int trainedLength;

    /** An upscale ARDM's network: {@code transitions} give the stages and the blocks the relative window reads in. */
    public WaveNetArdm(int length, ZeroLeastSignificant transitions, int outputs, int channels, int blocks, int dilationCycle,
            int window, long seed) {
        this(length, transitions.classes(), transitions.stages(), outputs, transitions, channels, blocks, dilationCycle, window, seed);
    }

    /** @param transitions the upscale stages, or null for the OA-ARDM (one stage, no relative window) */
    public WaveNetArdm(int length, int levels, int stages, int outputs, ZeroLeastSignificant transitions, int channels, int blocks,
            int dilationCycle, int window, long seed) {
        if (window < 0) throw new IllegalArgumentException("the relative window must not be negative");
        if (window > 0 && transitions == null) throw new IllegalArgumentException("the relative window needs upscale stages");
        this.length = length;
        this.trainedLength = length;
        this.transitions = transitions;
        this.levels = levels;
        this.stages = stages;
        this.outputs = outputs;
        this.window = window;
        this.net = new WaveNet(new WaveNetConfig(inputs(), outputs, channels, blocks, dilationCycle, stages * length), seed);
    }

    private WaveNetArdm(WaveNetArdm trained, int length) {
        this.net = trained.net;
        this.transitions = trained.transitions;
        this.levels = trained.levels;
        this.stages = trained.stages;
        this.outputs = trained.outputs;
        this.window = trained.window;
        this.trainedLength = trained.trainedLength;
        this.length = length;
    }

    /**
     * The same weights over {@code length} samples: convolutions read any length, and step t of D' is shown to the step
     * embedding as ⌊t·D/D'⌋ of the trained D, the step at which the same share of positions is revealed.
     */
    @Override public WaveNetArdm atLength(int length) {
        if (length < 1) throw new IllegalArgumentException("a datapoint needs at least one position, not " + length);
        return length == this.length ? this : new WaveNetArdm(this, length);
    }

    private int inputs() {
        return 2 + stages + (window > 0 ? 2 * window + 1 : 0);
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
        int in = inputs();
        Tensor x = Tensor.zeros(batch, in, length);
        int[] trainedSteps = new int[batch];
        for (int b = 0; b < batch; b++) {
            int stage = input.steps()[b] / length;
            if (stage < 0 || stage >= stages) throw new IllegalArgumentException("step " + input.steps()[b] + " is outside the " + stages + " stages");
            trainedSteps[b] = stage * trainedLength + (int) ((long) (input.steps()[b] % length) * trainedLength / length);
            int item = b * in * length;
            for (int p = 0; p < length; p++) {
                int j = b * length + p;
                int v = input.values()[j];
                x.data[item + p] = v >= 0 && v < levels ? 2f * v / (levels - 1) - 1f : 0f;
                x.data[item + length + p] = input.revealed()[j] ? 1f : 0f;
                x.data[item + (2 + stage) * length + p] = 1f;
            }
            if (window > 0) relativeFeatures(transitions, window, input.values(), b * length, length, stage, x.data, item + (2 + stages) * length);
        }
        Tensor out = net.apply(tape, x, trainedSteps); // [B, outputs, D]
        return Transpose.swap(tape, out, 1, 2); // [B, D, outputs]
    }

    /**
     * Channel k + w at position p of the segment of {@code length} values from {@code from}: tanh((v_{p+k} − c_p)/W − ½),
     * written at {@code out[at + (k + w)·length + p]}; 0 past either end of the segment.
     */
    static void relativeFeatures(ZeroLeastSignificant transitions, int window, int[] values, int from, int length, int stage, float[] out, int at) {
        double width = (double) transitions.blockSize(stage) * transitions.branching();
        for (int p = 0; p < length; p++) {
            int base = transitions.past(stage, Math.clamp(values[from + p], 0, transitions.classes() - 1));
            for (int k = -window; k <= window; k++) {
                int q = p + k;
                if (q < 0 || q >= length) continue;
                out[at + (k + window) * length + p] = DetMath.tanh((float) ((values[from + q] - base) / width - 0.5));
            }
        }
    }
}
