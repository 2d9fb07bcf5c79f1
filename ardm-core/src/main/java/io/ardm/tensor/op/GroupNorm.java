package io.ardm.tensor.op;

import io.ardm.tensor.Parallel;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Group normalisation (Wu &amp; He 2018) as Flax's {@code nn.GroupNorm}: channels are split into G groups, each
 * (item, group) is normalised by its own mean and biased variance over its channels and all spatial positions,
 * then every channel gets its own scale and bias. Layout is channels-first, input [B, C, spatial...] (any number
 * of spatial dimensions, possibly none), so one (item, group) is a contiguous run of (C/G)·spatial values;
 * scale and bias are [C] or null (meaning 1 and 0).
 *
 * <p>Statistics are two sequential passes in double (mean, then the squared deviations): a fixed order that
 * does not depend on vector width or threads (numerics rule 2). Threads split over (item, group) pairs.
 */
public final class GroupNorm {
    /** Flax's default epsilon. */
    public static final float DEFAULT_EPS = 1e-6f;

    private GroupNorm() {}

    public static Tensor apply(Tape tape, Tensor x, int groups, Tensor scale, Tensor bias) {
        return apply(tape, x, groups, scale, bias, DEFAULT_EPS);
    }

    public static Tensor apply(Tape tape, Tensor x, int groups, Tensor scale, Tensor bias, float eps) {
        if (x.rank() < 2) throw new IllegalArgumentException("group norm: input must be [B, C, spatial...], got " + x);
        int channels = x.dim(1);
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("group norm: " + channels + " channels cannot be split into " + groups + " groups");
        }
        for (Tensor p : new Tensor[] {scale, bias}) {
            if (p != null && (p.rank() != 1 || p.dim(0) != channels)) {
                throw new IllegalArgumentException("group norm: scale and bias must be [" + channels + "], got " + p);
            }
        }
        if (!(eps > 0)) throw new IllegalArgumentException("group norm: eps must be > 0, got " + eps);
        Layout l = new Layout(x.dim(0), channels, groups, x.size() / Math.max(1, x.dim(0) * channels));
        boolean grad = tape.records(x, scale, bias);
        Tensor y = Tensor.overwrittenOutput(grad, x.shape());
        double[] mean = new double[l.batch * groups];
        double[] rstd = new double[l.batch * groups];
        forward(l, x.data, scale == null ? null : scale.data, bias == null ? null : bias.data, eps, y.data, mean, rstd);
        if (grad) tape.record(y, () -> backward(l, x, scale, bias, y.grad(), mean, rstd));
        return y;
    }

    private static void forward(Layout l, float[] x, float[] scale, float[] bias, float eps, float[] y, double[] mean, double[] rstd) {
        int n = l.groupSize();
        Parallel.forRange(l.batch * l.groups, (lo, hi) -> {
            for (int bg = lo; bg < hi; bg++) {
                int off = bg * n;
                double sum = 0;
                for (int i = 0; i < n; i++) sum += x[off + i];
                double m = sum / n;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double d = x[off + i] - m;
                    sq += d * d;
                }
                double r = 1.0 / Math.sqrt(sq / n + eps);
                mean[bg] = m;
                rstd[bg] = r;
                int c0 = (bg % l.groups) * l.channelsPerGroup();
                for (int c = 0; c < l.channelsPerGroup(); c++) {
                    float s = scale == null ? 1f : scale[c0 + c];
                    float t = bias == null ? 0f : bias[c0 + c];
                    for (int i = off + c * l.spatial, end = i + l.spatial; i < end; i++) {
                        y[i] = (float) ((x[i] - m) * r) * s + t;
                    }
                }
            }
        });
    }

    private static void backward(Layout l, Tensor x, Tensor scale, Tensor bias, float[] dy, double[] mean, double[] rstd) {
        float[] xs = x.data;
        if ((scale != null && scale.requiresGrad()) || (bias != null && bias.requiresGrad())) {
            float[] dScale = scale != null && scale.requiresGrad() ? scale.grad() : null;
            float[] dBias = bias != null && bias.requiresGrad() ? bias.grad() : null;
            Parallel.forRange(l.channels, (lo, hi) -> {
                for (int c = lo; c < hi; c++) {
                    double ds = 0;
                    double db = 0;
                    for (int b = 0; b < l.batch; b++) {
                        int bg = b * l.groups + c / l.channelsPerGroup();
                        for (int i = (b * l.channels + c) * l.spatial, end = i + l.spatial; i < end; i++) {
                            ds += dy[i] * ((xs[i] - mean[bg]) * rstd[bg]);
                            db += dy[i];
                        }
                    }
                    if (dScale != null) dScale[c] += (float) ds;
                    if (dBias != null) dBias[c] += (float) db;
                }
            });
        }
        if (!x.requiresGrad()) return;
        float[] dx = x.grad();
        int n = l.groupSize();
        // dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)), with g = dy·scale the gradient w.r.t. the normalised x̂.
        Parallel.forRange(l.batch * l.groups, (lo, hi) -> {
            for (int bg = lo; bg < hi; bg++) {
                int off = bg * n;
                int c0 = (bg % l.groups) * l.channelsPerGroup();
                double m = mean[bg];
                double r = rstd[bg];
                double sumG = 0;
                double sumGx = 0;
                for (int c = 0; c < l.channelsPerGroup(); c++) {
                    float s = scale == null ? 1f : scale.data[c0 + c];
                    for (int i = off + c * l.spatial, end = i + l.spatial; i < end; i++) {
                        double g = (double) dy[i] * s;
                        sumG += g;
                        sumGx += g * ((xs[i] - m) * r);
                    }
                }
                double meanG = sumG / n;
                double meanGx = sumGx / n;
                for (int c = 0; c < l.channelsPerGroup(); c++) {
                    float s = scale == null ? 1f : scale.data[c0 + c];
                    for (int i = off + c * l.spatial, end = i + l.spatial; i < end; i++) {
                        dx[i] += (float) (r * ((double) dy[i] * s - meanG - (xs[i] - m) * r * meanGx));
                    }
                }
            }
        });
    }

    private record Layout(int batch, int channels, int groups, int spatial) {
        int channelsPerGroup() {
            return channels / groups;
        }

        int groupSize() {
            return channelsPerGroup() * spatial;
        }
    }
}
