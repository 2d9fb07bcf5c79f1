package io.ardm.nn.arch;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Shape of the transformer of spec §6.3: bidirectional for ARDMs, causal for the left-to-right baseline.
 * {@code inputVocab} includes the absorbing (mask) token, which therefore has its own embedding row (fixing the
 * official code's 28-row table). {@code alibi} adds ALiBi distance biases to the attention scores (not in the paper;
 * see {@link io.ardm.tensor.op.Attention}). {@code rope} rotates queries and keys by their position instead of adding
 * sinusoidal positions to the input ({@link io.ardm.tensor.op.Rope}; not in the paper); it is written only when true,
 * so configs from before it existed read and hash as they did.
 */
public record TransformerConfig(int layers, int dModel, int heads, int mlp, int inputVocab, int outputVocab,
                                int seqLen, float dropout, boolean causal, boolean alibi,
                                @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean rope) {
    public TransformerConfig(int layers, int dModel, int heads, int mlp, int inputVocab, int outputVocab,
                             int seqLen, float dropout, boolean causal, boolean alibi) {
        this(layers, dModel, heads, mlp, inputVocab, outputVocab, seqLen, dropout, causal, alibi, false);
    }

    public TransformerConfig {
        if (layers < 1 || dModel < 1 || heads < 1 || mlp < 1 || inputVocab < 1 || outputVocab < 1 || seqLen < 1) {
            throw new IllegalArgumentException("transformer sizes must be positive: " + this);
        }
        if (dModel % heads != 0) throw new IllegalArgumentException("d_model " + dModel + " is not divisible by " + heads + " heads");
        if (dModel % 2 != 0) throw new IllegalArgumentException("d_model must be even for sinusoidal positions, got " + dModel);
        if (rope && (dModel / heads) % 2 != 0) throw new IllegalArgumentException("rotary positions need an even head width, got " + dModel / heads);
        if (dropout < 0f || dropout >= 1f) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    /** The same shape with causal (left-to-right) attention. */
    public TransformerConfig asCausal() {
        return new TransformerConfig(layers, dModel, heads, mlp, inputVocab, outputVocab, seqLen, dropout, true, alibi, rope);
    }

    /** The same shape with ALiBi attention biases. */
    public TransformerConfig withAlibi() {
        return new TransformerConfig(layers, dModel, heads, mlp, inputVocab, outputVocab, seqLen, dropout, causal, true, rope);
    }

    /** The same shape with rotary positions in attention instead of sinusoidal positions added to the input. */
    public TransformerConfig withRope() {
        return new TransformerConfig(layers, dModel, heads, mlp, inputVocab, outputVocab, seqLen, dropout, causal, alibi, true);
    }

    /**
     * Whether attention weighs scores more than 64·ln 2 below a row's maximum as exactly 0, which keeps subnormal floats
     * (10-150× slower in every product) out of sharp heads ({@link io.ardm.tensor.op.Softmax}). Rotary-position models
     * do: they came after the cut. ALiBi and sinusoidal models keep the arithmetic their files were coded with, so
     * those files decode bit for bit.
     */
    public boolean cutsNegligibleAttention() {
        return rope;
    }

    /** The benchmark's reference model: 4 layers, d 256, 4 heads, MLP 1024, T 256, 29 ids in, 28 classes out. */
    public static TransformerConfig reference() {
        return new TransformerConfig(4, 256, 4, 1024, 29, 28, 256, 0f, false, false);
    }
}
