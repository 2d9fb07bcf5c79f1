package io.ardm.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * ardm's image reference network (the small preset's single-resolution U-Net, spec §6.2) in DJL NDArray ops: a 3×3
 * convolution in; ResBlocks (GroupNorm → SiLU → 3×3 conv → + Dense(SiLU(step embedding)) → GroupNorm → SiLU → 3×3 conv
 * → + shortcut) down, each output kept as a skip; ResBlock → single-head self-attention over all H·W positions →
 * ResBlock; ResBlocks on (features, skip) concatenations; GroupNorm → SiLU → 3×3 conv out. The same shapes and op graph
 * a PyTorch user would write (GroupNorm by reshape, mean and variance, as torch.nn.GroupNorm computes it).
 */
final class UNetModel extends PeerModel {
    private final int features, groups;
    private final StepEmbedding stepEmbedding;
    private final NDArray convIn, out, outBias, outScale, outShift;
    private final List<NDArray[]> down = new ArrayList<>(), up = new ArrayList<>();
    private final NDArray[] middle1, middle2, attention;

    UNetModel(NDManager m, int inputs, int outputs, int features, int resBlocks, int groups, int steps) {
        this.features = features;
        this.groups = groups;
        int e = 4 * features;
        stepEmbedding = new StepEmbedding(m, steps, features);
        convIn = glorot(m, features, inputs, 3, 2);
        for (int i = 0; i < resBlocks; i++) down.add(resBlock(m, features, features, e));
        middle1 = resBlock(m, features, features, e);
        attention = new NDArray[] {ones(m, features), zeros(m, features), dense(m, 3 * features, features), zeros(m, 3 * features),
                parameter(m.zeros(new Shape(features, features))), zeros(m, features)};
        middle2 = resBlock(m, features, features, e);
        for (int i = 0; i <= resBlocks; i++) up.add(resBlock(m, 2 * features, features, e));
        outScale = ones(m, features);
        outShift = zeros(m, features);
        out = parameter(m.zeros(new Shape(outputs, features, 3, 3)));
        outBias = zeros(m, outputs);
    }

    /** Logits [B, outputs, H, W] for inputs [B, inputs, H, W] and one step id per item (int64 [B]). */
    NDArray forward(NDArray x, NDArray steps) {
        NDArray temb = stepEmbedding.apply(steps);
        NDArray h = conv(x, convIn, null);
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (NDArray[] b : down) {
            h = resBlock(h, temb, b);
            skips.add(h);
        }
        h = resBlock(attend(resBlock(h, temb, middle1)), temb, middle2);
        for (NDArray[] b : up) h = resBlock(NDArrays.concat(new NDList(h, skips.remove(skips.size() - 1)), 1), temb, b);
        return conv(Activation.swish(groupNorm(h, groups, outScale, outShift), 1f), out, outBias);
    }

    /** [norm0 scale, bias, conv0, step dense, step bias, norm1 scale, bias, conv1, conv1 bias, shortcut or null]. */
    private NDArray[] resBlock(NDManager m, int in, int outChannels, int e) {
        return new NDArray[] {ones(m, in), zeros(m, in), glorot(m, outChannels, in, 3, 2), dense(m, outChannels, e), zeros(m, outChannels),
                ones(m, outChannels), zeros(m, outChannels), parameter(m.zeros(new Shape(outChannels, outChannels, 3, 3))), zeros(m, outChannels),
                in == outChannels ? null : glorot(m, outChannels, in, 1, 2)};
    }

    private NDArray resBlock(NDArray x, NDArray temb, NDArray[] p) {
        int in = (int) x.getShape().get(1);
        NDArray h = conv(Activation.swish(groupNorm(x, groups * in / features, p[0], p[1]), 1f), p[2], null);
        h = h.add(linear(Activation.swish(temb, 1f), p[3], p[4]).expandDims(2).expandDims(3));
        h = conv(Activation.swish(groupNorm(h, groups, p[5], p[6]), 1f), p[7], p[8]);
        return (p[9] == null ? x : conv(x, p[9], null)).add(h);
    }

    private NDArray attend(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), hw = s.get(2) * s.get(3);
        NDArray tokens = groupNorm(x, groups, attention[0], attention[1]).reshape(b, c, hw).transpose(0, 2, 1);
        NDArray qkv = linear(tokens, attention[2], attention[3]);
        NDArray q = qkv.get(new NDIndex(":, :, :{}", c)), k = qkv.get(new NDIndex(":, :, {}:{}", c, 2 * c)), v = qkv.get(new NDIndex(":, :, {}:", 2 * c));
        NDArray p = q.matMul(k.transpose(0, 2, 1)).mul(1 / Math.sqrt(c)).softmax(-1);
        NDArray attended = linear(p.matMul(v), attention[4], attention[5]);
        return x.add(attended.transpose(0, 2, 1).reshape(s));
    }

    private static NDArray groupNorm(NDArray x, int groups, NDArray scale, NDArray shift) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centred = g.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(variance.add(1e-6f).sqrt()).reshape(s);
        return normed.mul(scale.reshape(1, -1, 1, 1)).add(shift.reshape(1, -1, 1, 1));
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        long k = w.getShape().get(2);
        return Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(k / 2, k / 2), new Shape(1, 1), 1).singletonOrThrow();
    }
}
