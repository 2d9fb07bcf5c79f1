package io.ardm.nn.arch;

import io.ardm.nn.Dense;
import io.ardm.nn.DilatedConv;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Activation;
import io.ardm.tensor.op.Add;
import io.ardm.tensor.op.AddPerChannel;
import io.ardm.tensor.op.Embedding;
import io.ardm.tensor.op.Mul;
import io.ardm.tensor.op.Slice;

/**
 * The non-causal WaveNet of spec §6.4 (DiffWave), channels-first: a 1×1 convolution in → ReLU; blocks that each add
 * the step embedding, run one dilated kernel-3 convolution to 2C channels, gate them as tanh(u)·σ(v), and split a 1×1
 * convolution of the gate into a residual (added, then scaled by 1/√2) and a skip; the skips summed and scaled by
 * 1/√blocks → 1×1 → ReLU → a zero-initialised 1×1 out, so the first logits are uniform. Maps [B, inputChannels, L]
 * and one step per item to [B, outputChannels, L], for any L.
 */
public final class WaveNet {
    private final WaveNetConfig config;
    private final Parameters params;
    private final Tensor stepTable;
    private final Dense embed1, embed2;
    private final DilatedConv in, outHidden, out;
    private final Block[] blocks;
    private final Tensor residualScale = Tensor.of(new float[] {(float) Math.sqrt(0.5)}, 1);
    private final Tensor skipScale;
    private final Activation edge;

    public WaveNet(WaveNetConfig config, long seed) {
        this(config, seed, Activation.RELU);
    }

    /** With another activation where DiffWave has ReLU (in and out): a smooth one lets tests check gradients by finite differences. */
    WaveNet(WaveNetConfig config, long seed, Activation edge) {
        this.edge = edge;
        this.config = config;
        this.params = new Parameters(seed);
        int c = config.channels();
        stepTable = Transformer.sinusoidalPositions(config.steps(), c);
        embed1 = new Dense(params, "step.dense0", c, config.embedding(), true);
        embed2 = new Dense(params, "step.dense1", config.embedding(), config.embedding(), true);
        in = new DilatedConv(params, "conv_in", config.inputChannels(), c, 1, 1, false);
        blocks = new Block[config.blocks()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = new Block(params, "block" + i, config, 1 << (i % config.dilationCycle()));
        skipScale = Tensor.of(new float[] {(float) (1 / Math.sqrt(blocks.length))}, 1);
        outHidden = new DilatedConv(params, "conv_out0", c, c, 1, 1, false);
        out = new DilatedConv(params, "conv_out1", c, config.outputChannels(), 1, 1, true);
    }

    public WaveNetConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** @param steps one step per item, in [0, config.steps()) */
    public Tensor apply(Tape tape, Tensor x, int[] steps) {
        int batch = x.dim(0);
        if (x.rank() != 3 || x.dim(1) != config.inputChannels()) {
            throw new IllegalArgumentException("WaveNet input " + x + " is not [B, " + config.inputChannels() + ", L]");
        }
        if (steps.length != batch) throw new IllegalArgumentException(steps.length + " steps for " + batch + " items");
        for (int s : steps) if (s < 0 || s >= config.steps()) throw new IllegalArgumentException("step " + s + " outside [0, " + config.steps() + ")");
        Tensor temb = Embedding.apply(tape, stepTable, steps, batch).reshape(batch, config.channels());
        temb = Activation.SILU.apply(tape, embed2.apply(tape, Activation.SILU.apply(tape, embed1.apply(tape, temb))));
        Tensor h = edge.apply(tape, in.apply(tape, x));
        Tensor skips = null;
        for (Block b : blocks) {
            Tensor[] residualAndSkip = b.apply(tape, h, temb);
            h = Mul.apply(tape, Add.apply(tape, h, residualAndSkip[0]), residualScale);
            skips = skips == null ? residualAndSkip[1] : Add.apply(tape, skips, residualAndSkip[1]);
        }
        Tensor y = edge.apply(tape, outHidden.apply(tape, Mul.apply(tape, skips, skipScale)));
        return out.apply(tape, y);
    }

    /** + Dense(step embedding) → dilated conv to 2C → tanh(u)·σ(v) → 1×1 conv to 2C = (residual, skip). */
    private static final class Block {
        private final Dense step;
        private final DilatedConv dilated, mix;
        private final int channels;

        Block(Parameters p, String name, WaveNetConfig c, int dilation) {
            channels = c.channels();
            step = new Dense(p, name + ".step", c.embedding(), channels, true);
            dilated = new DilatedConv(p, name + ".dilated", channels, 2 * channels, 3, dilation, false);
            mix = new DilatedConv(p, name + ".mix", channels, 2 * channels, 1, 1, false);
        }

        Tensor[] apply(Tape tape, Tensor h, Tensor temb) {
            Tensor uv = dilated.apply(tape, AddPerChannel.apply(tape, h, step.apply(tape, temb)));
            Tensor gate = Mul.apply(tape, Activation.TANH.apply(tape, Slice.apply(tape, uv, 1, 0, channels)),
                    Activation.SIGMOID.apply(tape, Slice.apply(tape, uv, 1, channels, 2 * channels)));
            Tensor rs = mix.apply(tape, gate);
            return new Tensor[] {Slice.apply(tape, rs, 1, 0, channels), Slice.apply(tape, rs, 1, channels, 2 * channels)};
        }
    }
}
