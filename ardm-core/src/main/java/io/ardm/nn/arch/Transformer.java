package io.ardm.nn.arch;

import io.ardm.nn.Dense;
import io.ardm.nn.Initializer;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Add;
import io.ardm.tensor.op.Attention;
import io.ardm.tensor.op.Embedding;
import io.ardm.tensor.op.LayerNorm;
import io.ardm.tensor.op.Rope;
import io.ardm.tensor.op.Rows;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bidirectional transformer of spec §6.3: token embedding (N(0,1)) + fixed sinusoidal positions (or rotary ones
 * inside attention), pre-LN blocks, final LN and a dense read-out to the output classes. Maps ids [B, T] to logits [B, T, outputVocab].
 */
public final class Transformer {
    private final TransformerConfig config;
    private final Parameters params;
    private final Tensor tokenEmbedding;
    /** Sinusoidal positions added to the input, or null when attention rotates queries and keys instead. */
    private final Tensor positions;
    private final TransformerBlock[] blocks;
    private final Tensor lnScale, lnBias;
    private final Dense readout;

    public Transformer(TransformerConfig config, long seed) {
        this.config = config;
        this.params = new Parameters(seed);
        int d = config.dModel();
        tokenEmbedding = params.create("embed.tokens", Initializer.normal(1.0), config.inputVocab(), d);
        positions = config.rope() ? null : sinusoidalPositions(config.seqLen(), d);
        Rope.Table rotary = config.rope() ? Rope.Table.of(config.seqLen(), d / config.heads()) : null;
        blocks = new TransformerBlock[config.layers()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = new TransformerBlock(params, "block" + i, config, rotary);
        lnScale = params.create("final_ln.scale", Initializer.ones(), d);
        lnBias = params.create("final_ln.bias", Initializer.zeros(), d);
        readout = new Dense(params, "readout", d, config.outputVocab(), true);
    }

    public TransformerConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** The blocks' dense matrices (weight name → column blocks: the fused q/k/v matrix stacks 3), in block order. */
    public Map<String, Integer> hiddenMatrices() {
        Map<String, Integer> matrices = new LinkedHashMap<>();
        for (TransformerBlock block : blocks) matrices.putAll(block.hiddenMatrices());
        return matrices;
    }

    /** ids: batch·T token ids, row-major [B, T]. */
    public Tensor logits(Tape tape, int[] ids, int batch) {
        return logits(tape, ids, batch, null);
    }

    /**
     * The logits of the positions {@code rows} (ascending b·T + i; null: all) as [B, T, outputVocab], zero at the other
     * positions, each row the same bits as in the whole call: the last block computes the queries, attention and MLP of
     * those rows alone (about a tenth of a 4-layer OA-ARDM's training step, where half the positions are absorbed).
     */
    public Tensor logits(Tape tape, int[] ids, int batch, int[] rows) {
        int t = config.seqLen();
        if (ids.length != batch * t) throw new IllegalArgumentException("expected " + batch + "×" + t + " ids, got " + ids.length);
        if (rows != null && rows.length == batch * t) rows = null; // ascending and distinct: every row
        Tensor x = Embedding.apply(tape, tokenEmbedding, ids, batch, t);
        if (positions != null) x = Add.apply(tape, x, positions);
        for (int i = 0; i < blocks.length - 1; i++) x = blocks[i].apply(tape, x);
        x = blocks[blocks.length - 1].apply(tape, x, rows);
        x = LayerNorm.apply(tape, x, lnScale, lnBias, LayerNorm.DEFAULT_EPS);
        Tensor logits = readout.apply(tape, x);
        return rows == null ? logits : Rows.scatter(tape, logits, rows, batch * t).reshape(batch, t, config.outputVocab());
    }

    /**
     * Runs a causal transformer one position at a time with a key/value cache (decoding) for {@code batch} sequences in
     * lockstep: each {@link CausalStream#next} call takes the input ids of the next position of some of them and returns
     * those positions' logits, bit for bit as the same rows of {@link #logits} on each whole sequence (every op works
     * row by row), at a small fraction of the cost. Rows decoded together share each weight read, which is what makes
     * decoding several sequences at once faster than one after another. Short for {@code decoder().causalStream(batch)}.
     */
    public CausalStream causalStream(int batch) {
        return decoder().causalStream(batch);
    }

    /**
     * The dense layers' weights as they are now, laid out for decoding ({@link io.ardm.tensor.PackedWeights}): the
     * streams of one decoder share that copy, so a loaded model packs its weights once, not once per stream. Make a new
     * decoder after the weights change.
     */
    public Decoder decoder() {
        if (!config.causal()) throw new IllegalStateException("only a causal transformer can decode one position at a time");
        return new Decoder();
    }

    /** A causal transformer's dense weights as they were when it was made; see {@link #decoder}. */
    public final class Decoder {
        private final TransformerBlock.Frozen[] frozenBlocks;
        private final Dense.Frozen frozenReadout;

        private Decoder() {
            frozenBlocks = new TransformerBlock.Frozen[blocks.length];
            for (int i = 0; i < blocks.length; i++) frozenBlocks[i] = blocks[i].frozen();
            frozenReadout = readout.frozen();
        }

        /** A fresh stream over {@code batch} sequences on these weights; see {@link Transformer#causalStream}. */
        public CausalStream causalStream(int batch) {
            if (batch < 1) throw new IllegalArgumentException("a stream decodes at least one sequence, not " + batch);
            return new CausalStream(this, batch);
        }
    }

    /**
     * The cached state of a batch of sequences, all at the same position; see {@link #causalStream}. It reads its
     * decoder's dense weights (as they were when the decoder was made) and the rest (embeddings, layer norms) as it goes.
     */
    public final class CausalStream {
        /**
         * [sequence][block]: the keys of the positions so far, transposed ([d, T'], T' the multiple of the attention's key
         * block at or above T), and their values head by head ([heads, T, d / heads]).
         */
        private final float[][][] keyCache, valueCache;
        private final Decoder weights;
        private int position;

        private CausalStream(Decoder weights, int batch) {
            int keys = Math.ceilDiv(config.seqLen(), Attention.KEY_BLOCK) * Attention.KEY_BLOCK;
            keyCache = new float[batch][blocks.length][keys * config.dModel()];
            valueCache = new float[batch][blocks.length][config.seqLen() * config.dModel()];
            this.weights = weights;
        }

        /**
         * Logits [rows.length, outputVocab] of the next position of sequences {@code rows} (increasing; a sequence left out
         * stays where it is and may not come back), whose inputs there are {@code ids}.
         */
        public float[] next(int[] rows, int[] ids) {
            if (position == config.seqLen()) throw new IllegalStateException("the stream is full: " + position + " positions");
            if (rows.length != ids.length || rows.length == 0) throw new IllegalArgumentException(rows.length + " rows for " + ids.length + " ids");
            int d = config.dModel();
            int m = rows.length;
            Tape tape = Tape.inference();
            Tensor x = Embedding.apply(tape, tokenEmbedding, ids, m, 1);
            if (positions != null) {
                x = Add.apply(tape, x, Tensor.of(java.util.Arrays.copyOfRange(positions.data, position * d, (position + 1) * d), 1, d));
            }
            for (int i = 0; i < blocks.length; i++) {
                float[][] keys = new float[m][], values = new float[m][];
                for (int r = 0; r < m; r++) {
                    keys[r] = keyCache[rows[r]][i];
                    values[r] = valueCache[rows[r]][i];
                }
                x = blocks[i].applyCached(weights.frozenBlocks[i], x, keys, values, position);
            }
            position++;
            return weights.frozenReadout.apply(LayerNorm.apply(tape, x, lnScale, lnBias, LayerNorm.DEFAULT_EPS)).data;
        }
    }

    /** Fixed sin/cos position table [T, d]: sin on the first half of the features, cos on the second (spec §6.3). */
    static Tensor sinusoidalPositions(int t, int d) {
        Tensor pe = Tensor.zeros(t, d);
        int half = d / 2;
        for (int pos = 0; pos < t; pos++) {
            for (int j = 0; j < half; j++) {
                double freq = StrictMath.exp(-j * StrictMath.log(10000.0) / Math.max(1, half - 1));
                pe.data[pos * d + j] = (float) StrictMath.sin(pos * freq);
                pe.data[pos * d + half + j] = (float) StrictMath.cos(pos * freq);
            }
        }
        return pe;
    }
}
