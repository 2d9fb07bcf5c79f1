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
import java.util.LinkedHashMap;
import java.util.Map;

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
        Tensor h = LayerNorm.apply(tape, x, ln1Scale, ln1Bias, LayerNorm.DEFAULT_EPS);
        Tensor projected = qkv.apply(tape, h);
        if (rotary != null) projected = Rope.apply(tape, projected, heads, rotary);
        Tensor a = attnOut.apply(tape, Attention.apply(tape, projected, heads, causal, alibi, cut));
        return mlpResidual(tape, Add.apply(tape, x, drop(tape, a)));
    }

    /**
     * One position of a causal block at inference for m sequences, x: [m, 1, d] at position {@code row}. Sequence r's
     * query, key and value are appended to {@code qkvCaches[r]} ([T, 3·d], rows before {@code row} filled by earlier
     * calls) and its key also to {@code keyCaches[r]} ([d, T], transposed), and attend over its cached rows; every op
     * works row by row, so row r of the result equals row {@code row} of {@link #apply} on sequence r.
     */
    Tensor applyCached(Tensor x, float[][] qkvCaches, float[][] keyCaches, int row) {
        Tape tape = Tape.inference();
        int d = x.cols();
        int t = keyCaches[0].length / d;
        Tensor h = LayerNorm.apply(tape, x, ln1Scale, ln1Bias, LayerNorm.DEFAULT_EPS);
        Tensor projected = qkv.apply(tape, h);
        Tensor attended = Tensor.zeros(x.shape());
        for (int r = 0; r < qkvCaches.length; r++) {
            if (rotary != null) Rope.rotateRow(projected.data, r * 3 * d, heads, row, rotary);
            System.arraycopy(projected.data, r * 3 * d, qkvCaches[r], row * 3 * d, 3 * d);
            for (int c = 0; c < d; c++) keyCaches[r][c * t + row] = projected.data[r * 3 * d + d + c];
            Attention.causalRow(qkvCaches[r], keyCaches[r], t, row, heads, d, alibi, cut, attended.data, r * d);
        }
        return mlpResidual(tape, Add.apply(tape, x, attnOut.apply(tape, attended)));
    }

    private Tensor mlpResidual(Tape tape, Tensor x) {
        Tensor h = LayerNorm.apply(tape, x, ln2Scale, ln2Bias, LayerNorm.DEFAULT_EPS);
        Tensor m = mlpOut.apply(tape, drop(tape, Activation.GELU.apply(tape, mlpIn.apply(tape, h))));
        return Add.apply(tape, x, drop(tape, m));
    }

    private Tensor drop(Tape tape, Tensor x) {
        return tape.isTraining() ? Dropout.apply(tape, x, dropout, tape.random()) : x;
    }
}
