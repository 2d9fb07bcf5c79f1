package io.ardm.nn.arch;

/**
 * Shape of the non-causal WaveNet of spec §6.4 (DiffWave's layout): {@code blocks} gated residual blocks of
 * {@code channels} channels with kernel 3 and dilations 2^(i mod {@code dilationCycle}); {@code inputChannels} feed a
 * 1×1 convolution in, {@code outputChannels} leave the last; {@code steps} distinct step values for the embedding (S·D).
 */
public record WaveNetConfig(int inputChannels, int outputChannels, int channels, int blocks, int dilationCycle, int steps) {
    public WaveNetConfig {
        if (inputChannels < 1 || outputChannels < 1 || channels < 2 || blocks < 1 || dilationCycle < 1 || steps < 1) {
            throw new IllegalArgumentException("WaveNet sizes must be positive: " + this);
        }
        if (channels % 2 != 0) throw new IllegalArgumentException("channels must be even for the sinusoidal step embedding, got " + channels);
    }

    /** The step embedding's width (4× the channels, as DiffWave's 256 → 1024). */
    public int embedding() {
        return 4 * channels;
    }

    /** How far one output sees to either side: Σ 2^(i mod cycle) over the blocks (kernel 3). */
    public int receptiveRadius() {
        int r = 0;
        for (int i = 0; i < blocks; i++) r += 1 << (i % dilationCycle);
        return r;
    }
}
