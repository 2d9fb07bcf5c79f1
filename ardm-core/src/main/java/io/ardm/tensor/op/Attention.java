package io.ardm.tensor.op;

import io.ardm.tensor.Gemm;
import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.Workspace;

/**
 * Multi-head scaled dot-product attention on a fused projection: bidirectional, or causal (query i sees keys ≤ i,
 * for the left-to-right baseline).
 *
 * <p>Input qkv [B, T, 3·d]: columns [0, d) are queries, [d, 2d) keys, [2d, 3d) values; head h owns columns
 * h·dh .. (h+1)·dh of each. Output [B, T, d], heads side by side. The B·H (item, head) products are independent,
 * so they are spread over threads while each product runs {@link Gemm#serial}: results do not depend on the
 * thread count or on which other items share the batch.
 */
public final class Attention {
    private Attention() {}

    /** Keys scored together by {@link #causalRow}: a multiple of every kernel's column block. */
    public static final int KEY_BLOCK = 64;

    public static Tensor apply(Tape tape, Tensor qkv, int heads) {
        return apply(tape, qkv, heads, false, false, false);
    }

    /**
     * @param alibi add the fixed linear distance penalty −m_h·|i − j| of ALiBi (Press et al. 2022) to head h's scores,
     *              m_h = 2^(−8(h+1)/H): attention starts local, which lets a bidirectional model use its neighbours
     *              long before it could learn that from the sinusoidal positions alone
     * @param cut   weigh scores more than 64·ln 2 below a row's maximum as 0 (no subnormal probabilities: see
     *              {@link Softmax#rowForward})
     */
    public static Tensor apply(Tape tape, Tensor qkv, int heads, boolean causal, boolean alibi, boolean cut) {
        int batch = qkv.dim(0);
        int t = qkv.dim(1);
        int d = qkv.dim(2) / 3;
        if (qkv.rank() != 3 || qkv.dim(2) != 3 * d || d % heads != 0) {
            throw new IllegalArgumentException("attention: qkv " + qkv + " must be [B, T, 3·d] with d divisible by " + heads + " heads");
        }
        int dh = d / heads;
        float scale = (float) (1.0 / Math.sqrt(dh));
        boolean grad = tape.records(qkv);
        Tensor out = Tensor.overwrittenOutput(grad, batch, t, d);
        // Probabilities are kept for the backward pass only; inference reuses one scratch row block per task.
        float[] probs = grad ? Workspace.overwritten(batch * heads * t * t) : null;
        Parallel.forRange(batch * heads, (lo, hi) -> {
            float[] p = probs != null ? probs : new float[t * t];
            for (int task = lo; task < hi; task++) {
                int pOff = probs != null ? task * t * t : 0;
                forwardHead(qkv.data, out.data, p, pOff, task / heads, task % heads, t, d, dh, scale, causal,
                        alibi ? alibiSlope(task % heads, heads) : 0f, cut);
            }
        });
        if (grad) tape.record(out, () -> backward(qkv, out.grad(), probs, batch, heads, t, d, dh, scale, causal));
        return out;
    }

    /** Keys row i attends to: all t, or i + 1 when causal. The other probabilities are exactly 0. */
    private static int visible(int i, int t, boolean causal) {
        return causal ? i + 1 : t;
    }

    static float alibiSlope(int head, int heads) {
        return (float) StrictMath.pow(2, -8.0 * (head + 1) / heads);
    }

    /** ALiBi on one row of unscaled scores: key j of query {@code query} loses perStep·|query − j| (softmax scales it back). */
    private static void subtractDistances(float[] scores, int off, int query, int keys, float perStep) {
        for (int j = 0; j < keys; j++) scores[off + j] -= perStep * Math.abs(query - j);
    }

    private static void forwardHead(float[] qkv, float[] out, float[] p, int pOff, int b, int h, int t, int d, int dh, float scale,
                                    boolean causal, float slope, boolean cut) {
        int ld = 3 * d;
        int base = b * t * ld + h * dh;
        // scores = Q·Kᵀ, then softmax(scale·scores) in place, row by row
        Gemm.serial(false, true, t, t, dh, qkv, base, ld, qkv, base + d, ld, p, pOff, t, false);
        if (slope != 0f) {
            // The bias is constant, so the softmax backward (which needs only the probabilities) is unchanged.
            float perStep = slope / scale;
            for (int i = 0; i < t; i++) subtractDistances(p, pOff + i * t, i, t, perStep);
        }
        for (int i = 0; i < t; i++) {
            int n = visible(i, t, causal);
            Softmax.rowForward(p, pOff + i * t, p, pOff + i * t, n, scale, cut);
            java.util.Arrays.fill(p, pOff + i * t + n, pOff + (i + 1) * t, 0f);
        }
        Gemm.serial(false, false, t, dh, t, p, pOff, t, qkv, base + 2 * d, ld, out, b * t * d + h * dh, d, false);
    }

    /**
     * Causal attention output of one query row with a key/value cache: the query is {@code q[qOff .. qOff + d)} (a row of
     * {@link #apply}'s input), {@code keysT} holds the keys of rows 0..{@code row} transposed ([d, keys]: feature c of key j
     * at c·keys + j, so that the scores are a product with no transpose to copy; keys ≥ T a multiple of {@link #KEY_BLOCK}, keys
     * not written yet zero) and {@code values} their values head by head ([heads, positions, dh]: each head's a contiguous
     * block, read front to back). out[outOff .. outOff + d) receives row {@code row}'s output, bit for bit as
     * {@code apply(…, causal = true, alibi, cut)} computes it: the same products (each an FMA chain in key or feature
     * order, whatever the operands' layout; the full call's extra keys only add exact zeros) and the same softmax.
     * Decoding reads these caches at every position, so they hold only what is read: 2·d floats per position.
     */
    public static void causalRow(float[] q, int qOff, float[] keysT, int keys, float[] values, int positions, int row, int heads, int d,
                                 boolean alibi, boolean cut, float[] out, int outOff) {
        int dh = d / heads;
        int n = row + 1;
        // Scores for whole blocks of KEY_BLOCK keys, the ones past n against keys not written yet (zeros, never read):
        // a product with no narrow last block.
        int scored = Math.min(keys, Math.ceilDiv(n, KEY_BLOCK) * KEY_BLOCK);
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] p = new float[scored];
        for (int h = 0; h < heads; h++) {
            int base = h * dh;
            Gemm.serial(false, false, 1, scored, dh, q, qOff + base, dh, keysT, base * keys, keys, p, 0, scored, false);
            if (alibi) subtractDistances(p, 0, row, n, alibiSlope(h, heads) / scale);
            Softmax.rowForward(p, 0, p, 0, n, scale, cut);
            Gemm.serial(false, false, 1, dh, n, p, 0, n, values, h * positions * dh, dh, out, outOff + base, d, false);
        }
    }

    private static void backward(Tensor qkv, float[] dOut, float[] probs, int batch, int heads, int t, int d, int dh, float scale,
                                 boolean causal) {
        float[] x = qkv.data;
        float[] dx = qkv.grad();
        int ld = 3 * d;
        Parallel.forRange(batch * heads, (lo, hi) -> {
            float[] dp = new float[t * t];
            float[] ds = new float[t * t];
            for (int task = lo; task < hi; task++) {
                int b = task / heads;
                int h = task % heads;
                int base = b * t * ld + h * dh;
                int oOff = b * t * d + h * dh;
                int pOff = task * t * t;
                // dP = dO·Vᵀ ; dV += Pᵀ·dO
                Gemm.serial(false, true, t, t, dh, dOut, oOff, d, x, base + 2 * d, ld, dp, 0, t, false);
                Gemm.serial(true, false, t, dh, t, probs, pOff, t, dOut, oOff, d, dx, base + 2 * d, ld, true);
                // dS = scale·P⊙(dP − rowsum(dP⊙P))
                java.util.Arrays.fill(ds, 0f);
                for (int i = 0; i < t; i++) Softmax.rowBackward(probs, pOff + i * t, dp, i * t, ds, i * t, visible(i, t, causal), scale);
                // dQ += dS·K ; dK += dSᵀ·Q
                Gemm.serial(false, false, t, dh, t, ds, 0, t, x, base + d, ld, dx, base, ld, true);
                Gemm.serial(true, false, t, dh, t, ds, 0, t, x, base, ld, dx, base + d, ld, true);
            }
        });
    }
}
