package io.ardm.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The ARDM text8 reference network written with DJL NDArray ops, so that PyTorch's autograd sees the same op
 * graph a PyTorch user would write: bidirectional pre-LayerNorm transformer encoder, token embedding plus fixed
 * sinusoidal positions, attention without biases (as in the paper's code), MLP with GELU, final LN and a linear
 * head. Every op takes a step-scoped array as its first operand, so its result belongs to the step's manager and
 * is freed with it.
 */
final class ReferenceModel {
    static final int INPUT_CLASSES = 29;
    static final int OUTPUT_CLASSES = 28;
    private static final float LAYER_NORM_EPS = 1e-5f;

    private final int width;
    private final int heads;
    private final NDArray tokenEmbedding;
    private final NDArray positions;
    private final List<Layer> layers = new ArrayList<>();
    private final NDArray finalNormGain;
    private final NDArray finalNormBias;
    private final NDArray headWeight;
    private final NDArray headBias;
    private final List<NDArray> parameters = new ArrayList<>();

    private record Layer(NDArray norm1Gain, NDArray norm1Bias, NDArray query, NDArray key, NDArray value,
                         NDArray out, NDArray norm2Gain, NDArray norm2Bias, NDArray mlpIn, NDArray mlpInBias,
                         NDArray mlpOut, NDArray mlpOutBias) {}

    ReferenceModel(NDManager manager, int layerCount, int width, int heads, int mlpWidth, int sequence) {
        this.width = width;
        this.heads = heads;
        tokenEmbedding = parameter(manager.randomNormal(new Shape(INPUT_CLASSES, width)));
        positions = sinusoidalPositions(manager, sequence, width);
        for (int i = 0; i < layerCount; i++) {
            layers.add(new Layer(
                    parameter(manager.ones(new Shape(width))), parameter(manager.zeros(new Shape(width))),
                    xavier(manager, width, width), xavier(manager, width, width), xavier(manager, width, width),
                    xavier(manager, width, width),
                    parameter(manager.ones(new Shape(width))), parameter(manager.zeros(new Shape(width))),
                    xavier(manager, mlpWidth, width), bias(manager, mlpWidth),
                    xavier(manager, width, mlpWidth), bias(manager, width)));
        }
        finalNormGain = parameter(manager.ones(new Shape(width)));
        finalNormBias = parameter(manager.zeros(new Shape(width)));
        headWeight = xavier(manager, OUTPUT_CLASSES, width);
        headBias = bias(manager, OUTPUT_CLASSES);
    }

    List<NDArray> parameters() {
        return parameters;
    }

    /** Logits [batch, sequence, 28] for token ids [batch, sequence] (int64). */
    NDArray forward(NDArray ids) {
        NDArray h = ids.getNDArrayInternal().embedding(ids, tokenEmbedding, SparseFormat.DENSE)
                .singletonOrThrow().add(positions);
        for (Layer layer : layers) {
            h = h.add(attention(layerNorm(h, layer.norm1Gain, layer.norm1Bias), layer));
            NDArray hidden = Activation.gelu(linear(layerNorm(h, layer.norm2Gain, layer.norm2Bias),
                    layer.mlpIn, layer.mlpInBias));
            h = h.add(linear(hidden, layer.mlpOut, layer.mlpOutBias));
        }
        return linear(layerNorm(h, finalNormGain, finalNormBias), headWeight, headBias);
    }

    /** Multi-head self-attention over the whole sequence (no causal mask): plain batched matmul + softmax. */
    private NDArray attention(NDArray x, Layer layer) {
        long batch = x.getShape().get(0);
        long sequence = x.getShape().get(1);
        int headWidth = width / heads;
        NDArray q = splitHeads(linear(x, layer.query, null).mul(1.0 / Math.sqrt(headWidth)), headWidth);
        NDArray k = splitHeads(linear(x, layer.key, null), headWidth);
        NDArray v = splitHeads(linear(x, layer.value, null), headWidth);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, sequence, width);
        return linear(context, layer.out, null);
    }

    private NDArray splitHeads(NDArray x, int headWidth) {
        return x.reshape(x.getShape().get(0), x.getShape().get(1), heads, headWidth).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDList out = bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias);
        return out.singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray gain, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(width), gain, bias, LAYER_NORM_EPS).singletonOrThrow();
    }

    /** Weight [out, in] (PyTorch's layout), Xavier-uniform as in the paper's code. */
    private NDArray xavier(NDManager manager, int out, int in) {
        float limit = (float) Math.sqrt(6.0 / (in + out));
        return parameter(manager.randomUniform(-limit, limit, new Shape(out, in)));
    }

    private NDArray bias(NDManager manager, int size) {
        return parameter(manager.randomNormal(0f, 1e-6f, new Shape(size), DataType.FLOAT32));
    }

    private NDArray parameter(NDArray array) {
        array.setRequiresGradient(true);
        parameters.add(array);
        return array;
    }

    /** Fixed table [sequence, width]: sin on the first half of the features, cos on the second (spec §text8). */
    private static NDArray sinusoidalPositions(NDManager manager, int sequence, int width) {
        int half = width / 2;
        float[] table = new float[sequence * width];
        for (int t = 0; t < sequence; t++) {
            for (int j = 0; j < half; j++) {
                double angle = t * Math.exp(-j * Math.log(1e4) / (half - 1));
                table[t * width + j] = (float) Math.sin(angle);
                table[t * width + half + j] = (float) Math.cos(angle);
            }
        }
        return manager.create(table, new Shape(sequence, width));
    }
}
