package io.ardm.run;

import io.ardm.ardm.StepInput;
import io.ardm.nn.Parameters;
import io.ardm.nn.arch.UNet;
import io.ardm.nn.arch.UNetConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Transpose;

/**
 * A U-Net as the ARDM network of H×W images with C channels of K levels (spec §2.4, §6.2). Positions are the image's
 * sub-pixels in row-major order with the channel fastest ((y·W + x)·C + c), D = H·W·C. The network sees 2C + S input
 * channels: the values normalised to [−1, 1] (a value outside [0, K), the OA-ARDM's absorbing id, as 0, so an absorbed
 * sub-pixel reads as mid-grey), the revealed mask per channel, and the stage as a one-hot (upscale ARDMs); and the
 * global step g·D + t through its embedding. It returns the process's outputs per position ({@code outputs}: K logits,
 * or 3M for a logistic mixture head), [B, D, outputs].
 */
public final class UNetArdm implements TrainableArdm {
    private final UNet unet;
    private final int height, width, channels, classes, stages, outputs;

    /**
     * @param classes K, the levels of a sub-pixel (K itself reads as absorbed)
     * @param outputs the process's outputs per sub-pixel
     * @param features, resBlocks, groups, inputSkip the U-Net's size and read-out (see {@link UNetConfig})
     */
    public UNetArdm(int height, int width, int channels, int classes, int stages, int outputs, int features, int resBlocks, int groups,
                    boolean inputSkip, long seed) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classes = classes;
        this.stages = stages;
        this.outputs = outputs;
        int d = height * width * channels;
        this.unet = new UNet(new UNetConfig(2 * channels + stages, channels * outputs, height, width, features, resBlocks, groups, stages * d,
                inputSkip), seed);
    }

    public UNet unet() {
        return unet;
    }

    @Override public Parameters parameters() {
        return unet.parameters();
    }

    @Override public int length() {
        return height * width * channels;
    }

    @Override public int classes() {
        return outputs;
    }

    @Override public Tensor logits(Tape tape, StepInput input) {
        int batch = input.batch();
        int d = length();
        int hw = height * width;
        int in = 2 * channels + stages;
        Tensor x = Tensor.zeros(batch, in, height, width);
        for (int b = 0; b < batch; b++) {
            int stage = input.steps()[b] / d;
            if (stage < 0 || stage >= stages) throw new IllegalArgumentException("step " + input.steps()[b] + " is outside the " + stages + " stages");
            int item = b * in * hw;
            for (int p = 0; p < hw; p++) {
                for (int c = 0; c < channels; c++) {
                    int j = b * d + p * channels + c;
                    int v = input.values()[j];
                    x.data[item + c * hw + p] = v >= 0 && v < classes ? 2f * v / (classes - 1) - 1f : 0f;
                    x.data[item + (channels + c) * hw + p] = input.revealed()[j] ? 1f : 0f;
                }
                x.data[item + (2 * channels + stage) * hw + p] = 1f;
            }
        }
        Tensor out = unet.apply(tape, x, input.steps()); // [B, C·outputs, H, W]
        Tensor perPosition = Transpose.apply(tape, out.reshape(batch, channels, outputs, hw), 0, 3, 1, 2); // [B, HW, C, outputs]
        return perPosition.reshape(batch, d, outputs);
    }
}
