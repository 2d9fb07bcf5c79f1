package io.ardm.nn.arch;

import io.ardm.nn.Conv;
import io.ardm.nn.Dense;
import io.ardm.nn.Initializer;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Activation;
import io.ardm.tensor.op.Add;
import io.ardm.tensor.op.AddPerChannel;
import io.ardm.tensor.op.Attention;
import io.ardm.tensor.op.Concat;
import io.ardm.tensor.op.Embedding;
import io.ardm.tensor.op.GroupNorm;
import io.ardm.tensor.op.Transpose;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The U-Net of spec §6.2 at one resolution, channels-first: a 3×3 convolution in; {@code resBlocks} ResBlocks, each
 * output kept as a skip; ResBlock → self-attention → ResBlock; {@code resBlocks + 1} ResBlocks on (features, skip)
 * concatenations; GroupNorm → SiLU → a zero-initialised 3×3 convolution out (with {@code inputSkip}, over those
 * features and the network's input side by side: every GroupNorm removes a group's mean and scale over the whole
 * image, so the features alone tell a flat light tile from a flat dark one only through learned detours, while the
 * input's revealed neighbours give a sub-pixel's level directly). Every block receives the step embedding
 * (sinusoidal, then Dense → SiLU → Dense). The residual branches end in zero-initialised layers, so the network starts
 * as the identity plus a zero read-out: the first logits are uniform. Maps [B, inputChannels, H, W] and one step per
 * item to [B, outputChannels, H, W].
 */
public final class UNet {
    private final UNetConfig config;
    private final Parameters params;
    private final Tensor stepTable;
    private final Dense embed1, embed2;
    private final Conv in;
    private final ResBlock[] down, up;
    private final ResBlock middle1, middle2;
    private final AttentionBlock attention;
    private final Tensor outScale, outBias;
    private final Conv out;

    public UNet(UNetConfig config, long seed) {
        this.config = config;
        this.params = new Parameters(seed);
        int f = config.features();
        int e = config.embedding();
        stepTable = Transformer.sinusoidalPositions(config.steps(), f);
        embed1 = new Dense(params, "step.dense0", f, e, true);
        embed2 = new Dense(params, "step.dense1", e, e, true);
        in = new Conv(params, "conv_in", config.inputChannels(), f, 3, false);
        down = new ResBlock[config.resBlocks()];
        for (int i = 0; i < down.length; i++) down[i] = new ResBlock(params, "down" + i, f, f, config);
        middle1 = new ResBlock(params, "mid0", f, f, config);
        attention = new AttentionBlock(params, "mid_attn", f, config.groups());
        middle2 = new ResBlock(params, "mid1", f, f, config);
        up = new ResBlock[config.resBlocks() + 1];
        for (int i = 0; i < up.length; i++) up[i] = new ResBlock(params, "up" + i, 2 * f, f, config);
        outScale = params.create("norm_out.scale", Initializer.ones(), f);
        outBias = params.create("norm_out.bias", Initializer.zeros(), f);
        out = new Conv(params, "conv_out", config.inputSkip() ? f + config.inputChannels() : f, config.outputChannels(), 3, true);
    }

    public UNetConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** @param steps one step per item, in [0, config.steps()) */
    public Tensor apply(Tape tape, Tensor x, int[] steps) {
        int batch = x.dim(0);
        if (x.rank() != 4 || x.dim(1) != config.inputChannels() || x.dim(2) != config.height() || x.dim(3) != config.width()) {
            throw new IllegalArgumentException("U-Net input " + x + " is not [B, " + config.inputChannels() + ", " + config.height() + ", " + config.width() + "]");
        }
        if (steps.length != batch) throw new IllegalArgumentException(steps.length + " steps for " + batch + " items");
        for (int s : steps) if (s < 0 || s >= config.steps()) throw new IllegalArgumentException("step " + s + " outside [0, " + config.steps() + ")");
        Tensor temb = Embedding.apply(tape, stepTable, steps, batch).reshape(batch, config.features());
        temb = embed2.apply(tape, Activation.SILU.apply(tape, embed1.apply(tape, temb)));
        Tensor h = in.apply(tape, x);
        Deque<Tensor> skips = new ArrayDeque<>();
        skips.push(h);
        for (ResBlock b : down) {
            h = b.apply(tape, h, temb);
            skips.push(h);
        }
        h = middle2.apply(tape, attention.apply(tape, middle1.apply(tape, h, temb)), temb);
        for (ResBlock b : up) h = b.apply(tape, Concat.apply(tape, 1, h, skips.pop()), temb);
        h = Activation.SILU.apply(tape, GroupNorm.apply(tape, h, config.groups(), outScale, outBias));
        return out.apply(tape, config.inputSkip() ? Concat.apply(tape, 1, h, x) : h);
    }

    /** GroupNorm → SiLU → Conv3×3 → + Dense(SiLU(step embedding)) → GroupNorm → SiLU → Conv3×3 (zero init) → + shortcut. */
    private static final class ResBlock {
        private final Tensor scale1, bias1, scale2, bias2;
        private final Conv conv1, conv2, shortcut;
        private final Dense step;
        private final int groupsIn, groupsOut;

        ResBlock(Parameters p, String name, int in, int out, UNetConfig c) {
            scale1 = p.create(name + ".norm0.scale", Initializer.ones(), in);
            bias1 = p.create(name + ".norm0.bias", Initializer.zeros(), in);
            conv1 = new Conv(p, name + ".conv0", in, out, 3, false);
            step = new Dense(p, name + ".step", c.embedding(), out, true);
            scale2 = p.create(name + ".norm1.scale", Initializer.ones(), out);
            bias2 = p.create(name + ".norm1.bias", Initializer.zeros(), out);
            conv2 = new Conv(p, name + ".conv1", out, out, 3, true);
            shortcut = in == out ? null : new Conv(p, name + ".shortcut", in, out, 1, false);
            groupsIn = c.groups() * in / c.features();
            groupsOut = c.groups() * out / c.features();
        }

        Tensor apply(Tape tape, Tensor x, Tensor temb) {
            Tensor h = conv1.apply(tape, Activation.SILU.apply(tape, GroupNorm.apply(tape, x, groupsIn, scale1, bias1)));
            h = AddPerChannel.apply(tape, h, step.apply(tape, Activation.SILU.apply(tape, temb)));
            h = conv2.apply(tape, Activation.SILU.apply(tape, GroupNorm.apply(tape, h, groupsOut, scale2, bias2)));
            return Add.apply(tape, shortcut == null ? x : shortcut.apply(tape, x), h);
        }
    }

    /** GroupNorm → single-head self-attention over all H·W positions → Dense (zero init) → + x. */
    private static final class AttentionBlock {
        private final Tensor scale, bias;
        private final Dense qkv, proj;
        private final int groups;

        AttentionBlock(Parameters p, String name, int features, int groups) {
            scale = p.create(name + ".norm.scale", Initializer.ones(), features);
            bias = p.create(name + ".norm.bias", Initializer.zeros(), features);
            qkv = new Dense(p, name + ".qkv", features, 3 * features, true);
            proj = new Dense(p, name + ".proj", features, features, true, Initializer.zeros());
            this.groups = groups;
        }

        Tensor apply(Tape tape, Tensor x) {
            int b = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
            Tensor h = GroupNorm.apply(tape, x, groups, scale, bias).reshape(b, c, hw);
            Tensor tokens = Transpose.swap(tape, h, 1, 2); // [B, HW, C]
            Tensor attended = proj.apply(tape, Attention.apply(tape, qkv.apply(tape, tokens), 1));
            return Add.apply(tape, x, Transpose.swap(tape, attended, 1, 2).reshape(x.shape()));
        }
    }
}
