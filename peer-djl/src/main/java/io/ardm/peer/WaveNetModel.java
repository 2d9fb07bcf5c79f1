package io.ardm.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import java.util.ArrayList;
import java.util.List;

/**
 * ardm's audio reference network (the small preset's non-causal WaveNet, spec §6.4) in DJL NDArray ops: a 1×1
 * convolution in → ReLU; blocks that add a Dense of the step embedding, run a dilated kernel-3 convolution to 2C,
 * gate tanh·σ, and split a 1×1 convolution into a residual (scaled by √½) and a skip; skips / √blocks → 1×1 → ReLU →
 * 1×1 out. The same shapes and op graph a PyTorch user would write.
 */
final class WaveNetModel extends PeerModel {
    private final int channels, blocks, cycle;
    private final StepEmbedding stepEmbedding;
    private final NDArray convIn, convInBias, outHidden, outHiddenBias, out, outBias;
    private final List<NDArray[]> blockParams = new ArrayList<>();

    WaveNetModel(NDManager m, int inputs, int outputs, int channels, int blocks, int cycle, int steps) {
        this.channels = channels;
        this.blocks = blocks;
        this.cycle = cycle;
        int e = 4 * channels;
        stepEmbedding = new StepEmbedding(m, steps, channels);
        convIn = glorot(m, channels, inputs, 1, 1);
        convInBias = zeros(m, channels);
        for (int i = 0; i < blocks; i++) {
            blockParams.add(new NDArray[] {dense(m, channels, e), zeros(m, channels),
                    glorot(m, 2 * channels, channels, 3, 1), zeros(m, 2 * channels), glorot(m, 2 * channels, channels, 1, 1), zeros(m, 2 * channels)});
        }
        outHidden = glorot(m, channels, channels, 1, 1);
        outHiddenBias = zeros(m, channels);
        out = parameter(m.zeros(new Shape(outputs, channels, 1)));
        outBias = zeros(m, outputs);
    }

    /** Logits [B, outputs, L] for inputs [B, inputs, L] and one step id per item (int64 [B]). */
    NDArray forward(NDArray x, NDArray steps) {
        NDArray temb = Activation.swish(stepEmbedding.apply(steps), 1f);
        NDArray h = Activation.relu(conv(x, convIn, convInBias, 1));
        NDArray skips = null;
        for (int i = 0; i < blocks; i++) {
            NDArray[] p = blockParams.get(i);
            NDArray hh = h.add(linear(temb, p[0], p[1]).expandDims(2));
            NDArray uv = conv(hh, p[2], p[3], 1 << (i % cycle));
            NDArray gate = uv.get(new NDIndex(":, :{}", channels)).tanh().mul(Activation.sigmoid(uv.get(new NDIndex(":, {}:", channels))));
            NDArray rs = conv(gate, p[4], p[5], 1);
            h = h.add(rs.get(new NDIndex(":, :{}", channels))).mul(Math.sqrt(0.5));
            NDArray skip = rs.get(new NDIndex(":, {}:", channels));
            skips = skips == null ? skip : skips.add(skip);
        }
        NDArray y = Activation.relu(conv(skips.mul(1 / Math.sqrt(blocks)), outHidden, outHiddenBias, 1));
        return conv(y, out, outBias, 1);
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b, int dilation) {
        long k = w.getShape().get(2);
        NDList y = Conv1d.conv1d(x, w, b, new Shape(1), new Shape(dilation * (k / 2)), new Shape(dilation), 1);
        return y.singletonOrThrow();
    }
}
