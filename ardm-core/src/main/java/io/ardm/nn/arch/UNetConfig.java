package io.ardm.nn.arch;

/**
 * Shape of the single-resolution U-Net of spec §6.2 (the VDM layout the paper describes: ResBlocks at full
 * resolution, one middle self-attention layer, as many ResBlocks up again on the skips). {@code inputChannels} feed
 * the first convolution; {@code outputChannels} leave the last (C·K logits for a softmax over K classes per
 * sub-pixel); {@code steps} is the number of distinct step values the embedding covers (S·D). With {@code inputSkip}
 * the last convolution also reads the input itself (not in the paper; see {@link UNet}).
 */
public record UNetConfig(int inputChannels, int outputChannels, int height, int width, int features, int resBlocks, int groups,
                         int steps, boolean inputSkip) {
    public UNetConfig {
        if (inputChannels < 1 || outputChannels < 1 || height < 1 || width < 1 || features < 1 || resBlocks < 0 || groups < 1 || steps < 1) {
            throw new IllegalArgumentException("U-Net sizes must be positive: " + this);
        }
        if (features % groups != 0) throw new IllegalArgumentException(features + " features do not split into " + groups + " groups");
        if (features % 2 != 0) throw new IllegalArgumentException("features must be even for the sinusoidal step embedding, got " + features);
    }

    /** The paper's network: the last convolution reads the features only. */
    public UNetConfig(int inputChannels, int outputChannels, int height, int width, int features, int resBlocks, int groups, int steps) {
        this(inputChannels, outputChannels, height, width, features, resBlocks, groups, steps, false);
    }

    /** The width of the step embedding's hidden layer and of what every block receives (4× the features, as in DDPM). */
    public int embedding() {
        return 4 * features;
    }
}
