package io.ardm.run;

import io.ardm.ardm.LockstepStream;
import io.ardm.ardm.StepInput;
import io.ardm.nn.Parameters;
import io.ardm.nn.arch.Transformer;
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A transformer as an ARDM network (spec §6.3): K output classes, absorbed positions take the extra input id K, which
 * has its own embedding row (K + 1 input ids). Not conditioned on t (t is the number of non-absorbed inputs).
 * Classes that never occur in the data (text8's reserved id 0) have their logits pinned far below the others, so that
 * no sampler or decoder can produce them (their probability underflows to the exp floor, ~1e-38).
 */
public final class TransformerArdm implements TrainableArdm {
    private final Transformer transformer;
    private final int[] pinned;

    /** @param unusedClasses classes whose logits are pinned (see the class comment) */
    public TransformerArdm(TransformerConfig config, long seed, int[] unusedClasses) {
        if (config.inputVocab() != config.outputVocab() + 1) {
            throw new IllegalArgumentException("a text ARDM needs one more input id (the mask) than output classes: " + config);
        }
        this.transformer = new Transformer(config, seed);
        this.pinned = unusedClasses.clone();
    }

    public TransformerConfig config() {
        return transformer.config();
    }

    @Override public Tensor logits(Tape tape, StepInput input) {
        Tensor logits = transformer.logits(tape, input.values(), input.batch());
        int k = classes();
        for (int i = 0; i < logits.size(); i += k) pin(logits.data, i);
        return logits;
    }

    /** The last block computes the queries, attention and MLP of {@code rows} alone ({@link Transformer#logits(Tape, int[], int, int[])}). */
    @Override public Tensor logits(Tape tape, StepInput input, int[] rows) {
        Tensor logits = transformer.logits(tape, input.values(), input.batch(), rows);
        for (int row : rows) pin(logits.data, row * classes());
        return logits;
    }

    private static final float PINNED_LOGIT = -1e30f;

    private void pin(float[] logits, int offset) {
        for (int c : pinned) logits[offset + c] = PINNED_LOGIT;
    }

    /**
     * A causal network's {@link Transformer#causalStream}s, which share one copy of the weights as they are now (see
     * {@link Transformer#decoder}), with the unused classes pinned as in {@link #logits}.
     */
    @Override public Optional<IntFunction<LockstepStream>> causalStreams() {
        if (!config().causal()) return Optional.empty();
        Transformer.Decoder decoder = transformer.decoder();
        return Optional.of(batch -> pinned(decoder.causalStream(batch)));
    }

    private LockstepStream pinned(Transformer.CausalStream stream) {
        int k = classes();
        return (rows, ids) -> {
            float[] logits = stream.next(rows, ids);
            for (int r = 0; r < rows.length; r++) pin(logits, r * k);
            return logits;
        };
    }

    @Override public int length() {
        return transformer.config().seqLen();
    }

    @Override public int classes() {
        return transformer.config().outputVocab();
    }

    @Override public Parameters parameters() {
        return transformer.parameters();
    }

    @Override public Map<String, Integer> hiddenMatrices() {
        return transformer.hiddenMatrices();
    }
}
