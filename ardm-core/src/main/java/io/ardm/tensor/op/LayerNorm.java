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
            for (int r = lo; r < hi; r++) forwardRow(x.data, gamma.data, beta.data, y.data, mean, rstd, r, d, eps);
        });
        if (grad) tape.record(y, () -> backward(x, gamma, beta, y.grad(), mean, rstd, n, d));
        return y;
    }

    private static void forwardRow(float[] x, float[] g, float[] b, float[] y, float[] mean, float[] rstd, int r, int d, float eps) {
        int off = r * d;
        double sum = 0;
        for (int j = 0; j < d; j++) sum += x[off + j];
        float mu = (float) (sum / d);
        double sq = 0;
        for (int j = 0; j < d; j++) {
            float c = x[off + j] - mu;
            sq += c * c;
        }
        float rs = (float) (1.0 / Math.sqrt(sq / d + eps));
        mean[r] = mu;
        rstd[r] = rs;
        for (int j = 0; j < d; j++) y[off + j] = (x[off + j] - mu) * rs * g[j] + b[j];
    }

    private static void backward(Tensor x, Tensor gamma, Tensor beta, float[] dy, float[] mean, float[] rstd, int n, int d) {
        float[] g = gamma.data;
        if (x.requiresGrad()) {
            float[] dx = x.grad();
            Parallel.forRange(n, 16, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    int off = r * d;
                    double sumDxhat = 0;
                    double sumDxhatXhat = 0;
                    for (int j = 0; j < d; j++) {
                        float xhat = (x.data[off + j] - mean[r]) * rstd[r];
                        float dxhat = dy[off + j] * g[j];
                        sumDxhat += dxhat;
                        sumDxhatXhat += dxhat * xhat;
                    }
                    float m1 = (float) (sumDxhat / d);
                    float m2 = (float) (sumDxhatXhat / d);
                    for (int j = 0; j < d; j++) {
                        float xhat = (x.data[off + j] - mean[r]) * rstd[r];
                        dx[off + j] += rstd[r] * (dy[off + j] * g[j] - m1 - xhat * m2);
                    }
                }
            });
        }
        if (gamma.requiresGrad() || beta.requiresGrad()) {
            float[] dg = gamma.grad();
            float[] db = beta.grad();
            // Columns are independent sums over the rows in order: the threads take blocks of columns.
            Parallel.forRange(d, 16, (lo, hi) -> {
                for (int r = 0; r < n; r++) {
                    int off = r * d;
                    for (int j = lo; j < hi; j++) {
                        float xhat = (x.data[off + j] - mean[r]) * rstd[r];
                        dg[j] += dy[off + j] * xhat;
                        db[j] += dy[off + j];
                    }
                }
            });
        }
    }
}
