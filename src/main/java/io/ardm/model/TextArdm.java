package io.ardm.model;

import io.ardm.data.TextAlphabet;
import io.ardm.nn.Parameters;
import io.ardm.nn.Transformer;
import io.ardm.nn.TransformerConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.function.IntFunction;

/**
 * The text OA-ARDM network (spec §6.3): K output classes (ids 0..K−1, 0 unused by text8), absorbed positions
 * take the extra id K, which has its own embedding row (K + 1 input ids). Not conditioned on t (t is the number
 * of non-absorbed inputs).
 */
public final class TextArdm implements TrainableArdm {
    private final Transformer transformer;

    public TextArdm(TransformerConfig config, long seed) {
        if (config.inputVocab() != config.outputVocab() + 1) {
            throw new IllegalArgumentException("a text ARDM needs one more input id (the mask) than output classes: " + config);
        }
        this.transformer = new Transformer(config, seed);
    }

    public TransformerConfig config() {
        return transformer.config();
    }

    /**
     * Class 0 is reserved by the text8 mapping and never occurs in data; its logit is pinned far below the others so
     * that no sampler or decoder can produce it (its probability underflows to the exp floor, ~1e-38).
     */
    @Override public Tensor logits(Tape tape, int[] inputs, int[] steps, int batch) {
        Tensor logits = transformer.logits(tape, inputs, batch);
        int k = classes();
        for (int i = 0; i < logits.size(); i += k) logits.data[i + TextAlphabet.RESERVED] = RESERVED_LOGIT;
        return logits;
    }

    private static final float RESERVED_LOGIT = -1e30f;

    /** A causal network's {@link Transformer#causalStream}, with the reserved class pinned as in {@link #logits}. */
    public IntFunction<float[]> causalStream() {
        Transformer.CausalStream stream = transformer.causalStream();
        return id -> {
            float[] logits = stream.next(id);
            logits[TextAlphabet.RESERVED] = RESERVED_LOGIT;
            return logits;
        };
    }

    @Override public int length() {
        return transformer.config().seqLen();
    }

    @Override public int classes() {
        return transformer.config().outputVocab();
    }

    @Override public int absorbing() {
        return transformer.config().outputVocab();
    }

    @Override public Parameters parameters() {
        return transformer.parameters();
    }
}
