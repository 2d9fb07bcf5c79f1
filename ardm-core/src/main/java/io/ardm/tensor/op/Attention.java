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
        return apply(tape, qkv, heads, causal, alibi, cut, null);
    }

    /**
     * As {@link #apply(Tape, Tensor, int, boolean, boolean, boolean)} for the queries of {@code rows} alone (ascending flat
     * indices b·T + i; null: all): output [rows.length, d], row r the same bits as row rows[r] of the full output, since a
     * query's scores, softmax and weighted sum read every key and value but no other query. A network whose loss reads
     * a few positions needs no more in its last block.
     */
    public static Tensor apply(Tape tape, Tensor qkv, int heads, boolean causal, boolean alibi, boolean cut, int[] rows) {
        int batch = qkv.dim(0);
        int t = qkv.dim(1);
        int d = qkv.dim(2) / 3;
        if (qkv.rank() != 3 || qkv.dim(2) != 3 * d || d % heads != 0) {
            throw new IllegalArgumentException("attention: qkv " + qkv + " must be [B, T, 3·d] with d divisible by " + heads + " heads");
        }
        Queries queries = new Queries(rows, batch, t, d, heads);
        boolean grad = tape.records(qkv);
        Tensor out = rows == null ? Tensor.overwrittenOutput(grad, batch, t, d) : Tensor.overwrittenOutput(grad, rows.length, d);
        // Probabilities are kept for the backward pass only; inference reuses one scratch row block per task.
        float[] probs = grad ? Workspace.overwritten(queries.count() * heads * t) : null;
        Parallel.forRange(batch * heads, (lo, hi) -> {
            float[] p = probs != null ? probs : new float[t * t];
            float[] q = rows != null ? new float[t * queries.dh] : null;
            for (int task = lo; task < hi; task++) {
                int b = task / heads, h = task % heads;
                if (queries.of(b) == 0) continue;
                forwardHead(qkv.data, out.data, p, probs != null ? queries.probabilities(b, h) : 0, queries, q, b, h, causal,
                        alibi ? alibiSlope(h, heads) : 0f, cut);
            }
        });
        if (grad) tape.record(out, () -> backward(qkv, out.grad(), probs, queries, causal));
        return out;
    }

    /**
     * Where the queries of each item are: a [B, T, 3·d] input's rows b·T + i of {@code rows} (null: all), item b's the
     * slice [first[b], first[b + 1]) of them; the output's rows and the kept probabilities are in that order.
     */
    private static final class Queries {
        final int[] rows;
        final int[] first;
        final int t, d, dh, heads;

        Queries(int[] rows, int batch, int t, int d, int heads) {
            this.rows = rows;
            this.t = t;
            this.d = d;
            this.heads = heads;
            this.dh = d / heads;
            first = new int[batch + 1];
            for (int b = 0; b <= batch; b++) first[b] = b * t;
            if (rows != null) {
                java.util.Arrays.fill(first, 0);
                for (int r = 0; r < rows.length; r++) {
                    if (rows[r] < 0 || rows[r] >= batch * t || (r > 0 && rows[r] <= rows[r - 1])) {
                        throw new IllegalArgumentException("attention: query rows must ascend within [0, " + batch * t + ")");
                    }
                    first[rows[r] / t + 1]++;
                }
                for (int b = 0; b < batch; b++) first[b + 1] += first[b];
            }
        }

        int count() {
            return first[first.length - 1];
        }

        /** Queries of item b. */
        int of(int b) {
            return first[b + 1] - first[b];
        }

        /** Position in its item of item b's r-th query. */
        int position(int b, int r) {
            return rows == null || of(b) == t ? r : rows[first[b] + r] - b * t;
        }

        /** Where item b, head h keeps its probabilities: [queries of b, T]. */
        int probabilities(int b, int h) {
            return (first[b] * heads + h * of(b)) * t;
        }

        /** Whether item b's queries are all its rows, read in place (else copied into a dense [queries, dh] block). */
        boolean whole(int b) {
            return of(b) == t;
        }

        /** Copies head h's queries (or their gradients) of item b from the [B, T, 3·d] layout into q [of(b), dh]. */
        void gather(float[] from, int b, int h, float[] q) {
            int ld = 3 * d;
            for (int r = 0; r < of(b); r++) System.arraycopy(from, (b * t + position(b, r)) * ld + h * dh, q, r * dh, dh);
        }

        /** The inverse of {@link #gather}. */
        void scatter(float[] q, int b, int h, float[] to) {
            int ld = 3 * d;
            for (int r = 0; r < of(b); r++) System.arraycopy(q, r * dh, to, (b * t + position(b, r)) * ld + h * dh, dh);
        }
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

    private static void forwardHead(float[] qkv, float[] out, float[] p, int pOff, Queries queries, float[] q, int b, int h,
                                    boolean causal, float slope, boolean cut) {
        int t = queries.t, d = queries.d, dh = queries.dh, n = queries.of(b);
        int ld = 3 * d;
        int base = b * t * ld + h * dh;
        float scale = (float) (1.0 / Math.sqrt(dh));
        // scores = Q·Kᵀ, then softmax(scale·scores) in place, row by row
        if (queries.whole(b)) {
            Gemm.serial(false, true, n, t, dh, qkv, base, ld, qkv, base + d, ld, p, pOff, t, false);
        } else {
            queries.gather(qkv, b, h, q);
            Gemm.serial(false, true, n, t, dh, q, 0, dh, qkv, base + d, ld, p, pOff, t, false);
        }
        for (int r = 0; r < n; r++) {
            int i = queries.position(b, r);
            // The bias is constant, so the softmax backward (which needs only the probabilities) is unchanged.
            if (slope != 0f) subtractDistances(p, pOff + r * t, i, t, slope / scale);
            int visible = visible(i, t, causal);
            Softmax.rowForward(p, pOff + r * t, p, pOff + r * t, visible, scale, cut);
            java.util.Arrays.fill(p, pOff + r * t + visible, pOff + (r + 1) * t, 0f);
        }
        Gemm.serial(false, false, n, dh, t, p, pOff, t, qkv, base + 2 * d, ld, out, queries.first[b] * d + h * dh, d, false);
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

    private static void backward(Tensor qkv, float[] dOut, float[] probs, Queries queries, boolean causal) {
        float[] x = qkv.data;
        float[] dx = qkv.grad();
        int t = queries.t, d = queries.d, dh = queries.dh, heads = queries.heads;
        int ld = 3 * d;
        float scale = (float) (1.0 / Math.sqrt(dh));
        Parallel.forRange((queries.first.length - 1) * heads, (lo, hi) -> {
            float[] dp = new float[t * t];
            float[] ds = new float[t * t];
            float[] q = queries.rows != null ? new float[t * dh] : null;
            float[] dq = queries.rows != null ? new float[t * dh] : null;
            for (int task = lo; task < hi; task++) {
                int b = task / heads;
                int h = task % heads;
                int n = queries.of(b);
                if (n == 0) continue;
                int base = b * t * ld + h * dh;
                int oOff = queries.first[b] * d + h * dh;
                int pOff = queries.probabilities(b, h);
                // dP = dO·Vᵀ ; dV += Pᵀ·dO
                Gemm.serial(false, true, n, t, dh, dOut, oOff, d, x, base + 2 * d, ld, dp, 0, t, false);
                Gemm.serial(true, false, t, dh, n, probs, pOff, t, dOut, oOff, d, dx, base + 2 * d, ld, true);
                // dS = scale·P⊙(dP − rowsum(dP⊙P))
                java.util.Arrays.fill(ds, 0, n * t, 0f);
                for (int r = 0; r < n; r++) {
                    Softmax.rowBackward(probs, pOff + r * t, dp, r * t, ds, r * t, visible(queries.position(b, r), t, causal), scale);
                }
                // dQ += dS·K ; dK += dSᵀ·Q (a copied block of queries continues the chains of their gradients' rows)
                if (queries.whole(b)) {
                    Gemm.serial(false, false, n, dh, t, ds, 0, t, x, base + d, ld, dx, base, ld, true);
                    Gemm.serial(true, false, t, dh, n, ds, 0, t, x, base, ld, dx, base + d, ld, true);
                } else {
                    queries.gather(dx, b, h, dq);
                    Gemm.serial(false, false, n, dh, t, ds, 0, t, x, base + d, ld, dq, 0, dh, true);
                    queries.scatter(dq, b, h, dx);
                    queries.gather(x, b, h, q);
                    Gemm.serial(true, false, t, dh, n, ds, 0, t, q, 0, dh, dx, base + d, ld, true);
                }
            }
        });
    }
}
