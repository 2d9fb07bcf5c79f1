package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Layer normalisation over the last dimension: y = (x − mean)/sqrt(var + eps)·γ + β.
 * Row statistics are sequential sums (fixed order, numerics rule 2) accumulated in double (squares formed in float).
 */
public final class LayerNorm {
    public static final float DEFAULT_EPS = 1e-6f; // Flax's default

    private LayerNorm() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor gamma, Tensor beta, float eps) {
        int d = x.cols();
        int n = x.rows();
        if (gamma.size() != d || beta.size() != d) throw new IllegalArgumentException("layernorm: scale/bias must have " + d + " values");
        boolean grad = tape.records(x, gamma, beta);
        Tensor y = Tensor.overwrittenOutput(grad, x.shape());
        float[] mean = new float[n];
        float[] rstd = new float[n];
        Parallel.forRange(n, 16, (lo, hi) -> {
            int r = lo;
            for (; r + 4 <= hi; r += 4) statisticsOfFour(x.data, mean, rstd, r, d, eps);
            for (; r < hi; r++) statistics(x.data, mean, rstd, r, d, eps);
            for (r = lo; r < hi; r++) normalize(x.data, gamma.data, beta.data, y.data, mean[r], rstd[r], r * d, d);
        });
        if (grad) tape.record(y, () -> backward(x, gamma, beta, y.grad(), mean, rstd, n, d));
        return y;
    }

    /** Mean and 1/std of row r: sequential sums in double (numerics rule 2). */
    private static void statistics(float[] x, float[] mean, float[] rstd, int r, int d, float eps) {
        int off = r * d;
        double sum = 0;
        for (int j = 0; j < d; j++) sum += x[off + j];
        float mu = (float) (sum / d);
        double sq = 0;
        for (int j = 0; j < d; j++) {
            float c = x[off + j] - mu;
            sq += c * c;
        }
        mean[r] = mu;
        rstd[r] = reciprocalStd(sq, d, eps);
    }

    /**
     * {@link #statistics} of rows r..r+3 at once: each row's sums run in the same order (the same bits), and four
     * independent chains in flight hide the latency of the additions that one chain waits on.
     */
    private static void statisticsOfFour(float[] x, float[] mean, float[] rstd, int r, int d, float eps) {
        int o0 = r * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < d; j++) {
            s0 += x[o0 + j];
            s1 += x[o1 + j];
            s2 += x[o2 + j];
            s3 += x[o3 + j];
        }
        float m0 = (float) (s0 / d), m1 = (float) (s1 / d), m2 = (float) (s2 / d), m3 = (float) (s3 / d);
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        for (int j = 0; j < d; j++) {
            float c0 = x[o0 + j] - m0, c1 = x[o1 + j] - m1, c2 = x[o2 + j] - m2, c3 = x[o3 + j] - m3;
            q0 += c0 * c0;
            q1 += c1 * c1;
            q2 += c2 * c2;
            q3 += c3 * c3;
        }
        mean[r] = m0;
        mean[r + 1] = m1;
        mean[r + 2] = m2;
        mean[r + 3] = m3;
        rstd[r] = reciprocalStd(q0, d, eps);
        rstd[r + 1] = reciprocalStd(q1, d, eps);
        rstd[r + 2] = reciprocalStd(q2, d, eps);
        rstd[r + 3] = reciprocalStd(q3, d, eps);
    }

    private static float reciprocalStd(double squares, int d, float eps) {
        return (float) (1.0 / Math.sqrt(squares / d + eps));
    }

    private static void normalize(float[] x, float[] g, float[] b, float[] y, float mu, float rs, int off, int d) {
        for (int j = 0; j < d; j++) y[off + j] = (x[off + j] - mu) * rs * g[j] + b[j];
    }

    /** dx of row r: dx += rstd·(dy·γ − mean(dy·γ) − x̂·mean(dy·γ·x̂)), the two means sequential sums in double. */
    private static void inputGradient(float[] x, float[] g, float[] dy, float[] mean, float[] rstd, float[] dx, int r, int d) {
        int off = r * d;
        double sumDxhat = 0;
        double sumDxhatXhat = 0;
        for (int j = 0; j < d; j++) {
            float xhat = (x[off + j] - mean[r]) * rstd[r];
            float dxhat = dy[off + j] * g[j];
            sumDxhat += dxhat;
            sumDxhatXhat += dxhat * xhat;
        }
        addInputGradient(x, g, dy, mean[r], rstd[r], dx, off, d, (float) (sumDxhat / d), (float) (sumDxhatXhat / d));
    }

    /** {@link #inputGradient} of rows r and r + 1 at once: four sums in flight, each in its row's order (the same bits). */
    private static void inputGradientOfTwo(float[] x, float[] g, float[] dy, float[] mean, float[] rstd, float[] dx, int r, int d) {
        int o0 = r * d, o1 = o0 + d;
        float mu0 = mean[r], mu1 = mean[r + 1], rs0 = rstd[r], rs1 = rstd[r + 1];
        double a0 = 0, b0 = 0, a1 = 0, b1 = 0;
        for (int j = 0; j < d; j++) {
            float xhat0 = (x[o0 + j] - mu0) * rs0, xhat1 = (x[o1 + j] - mu1) * rs1;
            float dxhat0 = dy[o0 + j] * g[j], dxhat1 = dy[o1 + j] * g[j];
            a0 += dxhat0;
            b0 += dxhat0 * xhat0;
            a1 += dxhat1;
            b1 += dxhat1 * xhat1;
        }
        addInputGradient(x, g, dy, mu0, rs0, dx, o0, d, (float) (a0 / d), (float) (b0 / d));
        addInputGradient(x, g, dy, mu1, rs1, dx, o1, d, (float) (a1 / d), (float) (b1 / d));
    }

    private static void addInputGradient(float[] x, float[] g, float[] dy, float mu, float rs, float[] dx, int off, int d, float m1, float m2) {
        for (int j = 0; j < d; j++) {
            float xhat = (x[off + j] - mu) * rs;
            dx[off + j] += rs * (dy[off + j] * g[j] - m1 - xhat * m2);
        }
    }

    private static void backward(Tensor x, Tensor gamma, Tensor beta, float[] dy, float[] mean, float[] rstd, int n, int d) {
        float[] g = gamma.data;
        if (x.requiresGrad()) {
            float[] dx = x.grad();
            Parallel.forRange(n, 16, (lo, hi) -> {
                int r = lo;
                for (; r + 2 <= hi; r += 2) inputGradientOfTwo(x.data, g, dy, mean, rstd, dx, r, d);
                if (r < hi) inputGradient(x.data, g, dy, mean, rstd, dx, r, d);
            });
        }
        if (gamma.requiresGrad() || beta.requiresGrad()) {
            float[] dg = gamma.grad();
            float[] db = beta.grad();
            // One thread over whole rows: splitting the columns over two threads measured slower (each strides its half).
            for (int r = 0; r < n; r++) {
                int off = r * d;
                for (int j = 0; j < d; j++) {
                    float xhat = (x.data[off + j] - mean[r]) * rstd[r];
                    dg[j] += dy[off + j] * xhat;
                    db[j] += dy[off + j];
                }
            }
        }
    }
}
