package io.ardm.nn;

import io.ardm.tensor.Tensor;

/** Gradient clipping by the global norm over all parameters, as the official code's {@code clip_by_global_norm}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Global gradient norm √(1e−10 + Σ g²), summed in double in parameter order, element by element, so
     * it is the same on every machine. Parameters that never received a gradient count as zero.
     */
    public static double globalNorm(Parameters params) {
        double sumSquares = 1e-10;
        for (Tensor t : params.asMap().values()) {
            if (!t.hasGrad()) continue;
            for (float g : t.grad()) sumSquares += (double) g * g;
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Scales every gradient by min(1, maxNorm/norm + 1e−10) (the official formula, 1e−10 included; it only
     * matters when clipping is barely active) and returns the norm before clipping, for logging.
     */
    public static double clipGlobalNorm(Parameters params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
        double norm = globalNorm(params);
        double scale = Math.min(1, maxNorm / norm + 1e-10);
        if (scale < 1) {
            for (Tensor t : params.asMap().values()) {
                if (!t.hasGrad()) continue;
                float[] g = t.grad();
                for (int i = 0; i < g.length; i++) g[i] = (float) (g[i] * scale);
            }
        }
        return norm;
    }
}
