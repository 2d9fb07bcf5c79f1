package io.ardm.nn.arch;

import io.ardm.nn.Dense;
import io.ardm.nn.Initializer;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Add;
import io.ardm.tensor.op.Embedding;
import io.ardm.tensor.op.LayerNorm;

/**
 * The bidirectional transformer of spec §6.3: token embedding (N(0,1)) + fixed sinusoidal positions, pre-LN blocks,
 * final LN and a dense read-out to the output classes. Maps ids [B, T] to logits [B, T, outputVocab].
 */
public final class Transformer {
    private final TransformerConfig config;
    private final Parameters params;
    private final Tensor tokenEmbedding;
    private final Tensor positions;
    private final TransformerBlock[] blocks;
    private final Tensor lnScale, lnBias;
    private final Dense readout;

    public Transformer(TransformerConfig config, long seed) {
        this.config = config;
        this.params = new Parameters(seed);
        int d = config.dModel();
        tokenEmbedding = params.create("embed.tokens", Initializer.normal(1.0), config.inputVocab(), d);
        positions = sinusoidalPositions(config.seqLen(), d);
        blocks = new TransformerBlock[config.layers()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = new TransformerBlock(params, "block" + i, config);
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

    /** ids: batch·T token ids, row-major [B, T]. */
    public Tensor logits(Tape tape, int[] ids, int batch) {
        int t = config.seqLen();
        if (ids.length != batch * t) throw new IllegalArgumentException("expected " + batch + "×" + t + " ids, got " + ids.length);
        Tensor x = Add.apply(tape, Embedding.apply(tape, tokenEmbedding, ids, batch, t), positions);
        for (TransformerBlock block : blocks) x = block.apply(tape, x);
        x = LayerNorm.apply(tape, x, lnScale, lnBias, LayerNorm.DEFAULT_EPS);
        return readout.apply(tape, x);
    }

    /**
     * Runs a causal transformer one position at a time with a key/value cache (decoding): each {@link CausalStream#next}
     * call takes the input id of the next position and returns that position's logits, bit for bit as the same row of
     * {@link #logits} on the whole sequence, at a small fraction of the cost.
     */
    public CausalStream causalStream() {
        if (!config.causal()) throw new IllegalStateException("only a causal transformer can decode one position at a time");
        return new CausalStream();
    }

    /** The cached state of one sequence; see {@link #causalStream()}. */
    public final class CausalStream {
        private final float[][] qkvCache = new float[blocks.length][config.seqLen() * 3 * config.dModel()];
        private int position;

        /** Logits [outputVocab] of the next position, whose input is {@code id}. */
        public float[] next(int id) {
            if (position == config.seqLen()) throw new IllegalStateException("the stream is full: " + position + " positions");
            int d = config.dModel();
            Tape tape = Tape.inference();
            Tensor row = Tensor.of(java.util.Arrays.copyOfRange(positions.data, position * d, (position + 1) * d), 1, d);
            Tensor x = Add.apply(tape, Embedding.apply(tape, tokenEmbedding, new int[] {id}, 1, 1), row);
            for (int i = 0; i < blocks.length; i++) x = blocks[i].applyCached(x, qkvCache[i], position);
            position++;
            return readout.apply(tape, LayerNorm.apply(tape, x, lnScale, lnBias, LayerNorm.DEFAULT_EPS)).data;
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
