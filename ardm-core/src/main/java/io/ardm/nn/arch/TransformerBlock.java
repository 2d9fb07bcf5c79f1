package io.ardm.nn.arch;

import io.ardm.nn.Dense;
import io.ardm.nn.Initializer;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.Activation;
import io.ardm.tensor.op.Add;
import io.ardm.tensor.op.Attention;
import io.ardm.tensor.op.Dropout;
import io.ardm.tensor.op.LayerNorm;
import io.ardm.tensor.op.Rope;
import io.ardm.tensor.op.Rows;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Pre-LN block: x + Dropout(Attn(LN(x))), then x + Dropout(MLP(LN(x))) with dropout also after the GELU;
 * attention projections have no biases (spec §6.3).
 */
final class TransformerBlock {
    private final int heads;
    private final float dropout;
    private final boolean causal;
    private final boolean alibi;
    private final boolean cut;
    /** Rotary angles when queries and keys carry the positions (else null). */
    private final Rope.Table rotary;
    private final Tensor ln1Scale, ln1Bias, ln2Scale, ln2Bias;
    private final Dense qkv, attnOut, mlpIn, mlpOut;
    private final String name;

    TransformerBlock(Parameters params, String name, TransformerConfig c, Rope.Table rotary) {
        this.name = name;
        heads = c.heads();
        dropout = c.dropout();
        causal = c.causal();
        alibi = c.alibi();
        cut = c.cutsNegligibleAttention();
        this.rotary = rotary;
        int d = c.dModel();
        ln1Scale = params.create(name + ".ln1.scale", Initializer.ones(), d);
        ln1Bias = params.create(name + ".ln1.bias", Initializer.zeros(), d);
        qkv = new Dense(params, name + ".attn.qkv", d, 3 * d, false);
        attnOut = new Dense(params, name + ".attn.out", d, d, false);
        ln2Scale = params.create(name + ".ln2.scale", Initializer.ones(), d);
        ln2Bias = params.create(name + ".ln2.bias", Initializer.zeros(), d);
        mlpIn = new Dense(params, name + ".mlp.in", d, c.mlp(), true);
        mlpOut = new Dense(params, name + ".mlp.out", c.mlp(), d, true);
    }

    /** Its dense matrices' weight names → column blocks (q, k and v are three [d, d] blocks of one matrix). */
    Map<String, Integer> hiddenMatrices() {
        Map<String, Integer> matrices = new LinkedHashMap<>();
        matrices.put(name + ".attn.qkv.weight", 3);
        matrices.put(name + ".attn.out.weight", 1);
        matrices.put(name + ".mlp.in.weight", 1);
        matrices.put(name + ".mlp.out.weight", 1);
        return matrices;
    }

    /** x: [B, T, d] → [B, T, d]. */
    Tensor apply(Tape tape, Tensor x) {
        return apply(tape, x, null);
    }

    /**
     * x: [B, T, d] → the rows {@code rows} (ascending b·T + i; null: all, shaped [B, T, d]) of the block's output,
     * [rows.length, d]: every position's key and value, but the query, attention output and MLP of those rows alone
     * (each the same bits as in the whole output: everything after the keys and values works row by row).
     */
    Tensor apply(Tape tape, Tensor x, int[] rows) {
        Tensor h = LayerNorm.apply(tape, x, ln1Scale, ln1Bias, LayerNorm.DEFAULT_EPS);
        Tensor projected = qkv.apply(tape, h);
        if (rotary != null) projected = Rope.apply(tape, projected, heads, rotary);
        Tensor a = attnOut.apply(tape, Attention.apply(tape, projected, heads, causal, alibi, cut, rows));
        Tensor residual = rows == null ? x : Rows.gather(tape, x, rows);
        return mlpResidual(tape, Add.apply(tape, residual, drop(tape, a)), y -> mlpIn.apply(tape, y), y -> mlpOut.apply(tape, y));
    }

    /**
     * One position of a causal block at inference for m sequences, x: [m, 1, d] at position {@code row}. Sequence r's
     * key is appended to {@code keyCaches[r]} ([d, T'], transposed) and its value to {@code valueCaches[r]} ([heads, T, dh]),
     * and its query attends over the cached rows; every op works row by row, so row r of the result equals row
     * {@code row} of {@link #apply} on sequence r.
     */
    Tensor applyCached(Frozen layers, Tensor x, float[][] keyCaches, float[][] valueCaches, int row) {
        Tape tape = Tape.inference();
        int d = x.cols();
        int dh = d / heads;
        int keys = keyCaches[0].length / d;
        int positions = valueCaches[0].length / d;
        Tensor h = LayerNorm.apply(tape, x, ln1Scale, ln1Bias, LayerNorm.DEFAULT_EPS);
        Tensor projected = layers.qkv().apply(h);
        Tensor attended = Tensor.zeros(x.shape());
        for (int r = 0; r < keyCaches.length; r++) {
            int qOff = r * 3 * d;
            if (rotary != null) Rope.rotateRow(projected.data, qOff, heads, row, rotary);
            for (int c = 0; c < d; c++) keyCaches[r][c * keys + row] = projected.data[qOff + d + c];
            for (int head = 0; head < heads; head++) {
                System.arraycopy(projected.data, qOff + 2 * d + head * dh, valueCaches[r], (head * positions + row) * dh, dh);
            }
            Attention.causalRow(projected.data, qOff, keyCaches[r], keys, valueCaches[r], positions, row, heads, d, alibi, cut, attended.data, r * d);
        }
        return mlpResidual(tape, Add.apply(tape, x, layers.attnOut().apply(attended)), layers.mlpIn()::apply, layers.mlpOut()::apply);
    }

    /** A copy of this block's dense layers as they are now, for {@link #applyCached}. */
    Frozen frozen() {
        return new Frozen(qkv.frozen(), attnOut.frozen(), mlpIn.frozen(), mlpOut.frozen());
    }

    record Frozen(Dense.Frozen qkv, Dense.Frozen attnOut, Dense.Frozen mlpIn, Dense.Frozen mlpOut) {}

    private Tensor mlpResidual(Tape tape, Tensor x, UnaryOperator<Tensor> in, UnaryOperator<Tensor> out) {
        Tensor h = LayerNorm.apply(tape, x, ln2Scale, ln2Bias, LayerNorm.DEFAULT_EPS);
        Tensor m = out.apply(drop(tape, Activation.GELU.apply(tape, in.apply(h))));
        return Add.apply(tape, x, drop(tape, m));
    }

    private Tensor drop(Tape tape, Tensor x) {
        return tape.isTraining() ? Dropout.apply(tape, x, dropout, tape.random()) : x;
    }
}
