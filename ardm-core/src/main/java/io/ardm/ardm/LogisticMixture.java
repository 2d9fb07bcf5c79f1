package io.ardm.ardm;

/**
 * The discretized mixture of logistics (spec §2.5, PixelCNN++; the SC09 OA-ARDM's head): per position 3M outputs,
 * M mixture logits π, M raw means, M raw log-scales. Class x of K sits at v = 2x/(K − 1) − 1 ∈ [−1, 1] with a bin of
 * half-width g = 1/(K − 1); p(x) = Σ_m π_m (σ((v − μ_m + g)/s_m) − σ((v − μ_m − g)/s_m)), where the lowest class takes
 * the whole left tail and the highest the right (tested on the integer, not the code's ±0.9999 that swallows eight
 * 16-bit classes: spec §2.5). The official initialisation is built in, for a zero-initialised output layer: μ_m = raw +
 * the m-th of M evenly spaced centres in (−1, 1), log s_m = max(raw − ln M, −7): a near-uniform start with each
 * mixture covering its own stretch of the range. All in double with StrictMath, so coding is bit-exact anywhere.
 */
public final class LogisticMixture {
    /** The floor on log s (the official code's): the sharpest logistic is e^−7 ≈ 30 classes of 65,536 wide. */
    public static final double MIN_LOG_SCALE = -7;

    private final int mixtures, classes;

    public LogisticMixture(int mixtures, int classes) {
        if (mixtures < 1 || classes < 2) throw new IllegalArgumentException("a mixture needs ≥ 1 component and ≥ 2 classes");
        this.mixtures = mixtures;
        this.classes = classes;
    }

    /** 3M: outputs per position. */
    public int outputs() {
        return 3 * mixtures;
    }

    public int classes() {
        return classes;
    }

    private double centre(int m) {
        return -1 + (2 * m + 1) / (double) mixtures;
    }

    private double mean(float[] p, int off, int m) {
        return p[off + mixtures + m] + centre(m);
    }

    private double logScale(float[] p, int off, int m) {
        return Math.max(p[off + 2 * mixtures + m] - StrictMath.log(mixtures), MIN_LOG_SCALE);
    }

    /** log σ(z), stably. */
    static double logSigmoid(double z) {
        return z >= 0 ? -StrictMath.log1p(StrictMath.exp(-z)) : z - StrictMath.log1p(StrictMath.exp(z));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + StrictMath.exp(-z)) : StrictMath.exp(z) / (1 + StrictMath.exp(z));
    }

    /** log of one logistic's mass on class x: log(σ(a) − σ(b)), a = (v − μ + g)/s, b = (v − μ − g)/s, tails at the ends. */
    private double logBin(int x, double mu, double invS) {
        double v = 2.0 * x / (classes - 1) - 1, g = 1.0 / (classes - 1);
        double a = (v - mu + g) * invS, b = (v - mu - g) * invS;
        if (x == 0) return logSigmoid(a);
        if (x == classes - 1) return logSigmoid(-b);
        // σ(a) − σ(b) = σ(−b) − σ(−a); on the right of the mean both σ are near 1, so take the small side.
        double hi = a + b > 0 ? -b : a, lo = a + b > 0 ? -a : b;
        double logHi = logSigmoid(hi), logLo = logSigmoid(lo);
        return logHi + StrictMath.log(-StrictMath.expm1(logLo - logHi));
    }

    /** log p(x) in nats from the 3M outputs at {@code off}. */
    public double logProb(float[] p, int off, int x) {
        return logProb(p, off, x, null);
    }

    /**
     * log p(x), and when {@code grad} is not null, d log p / d outputs written into it (3M entries): the mixture
     * weights get r_m − π_m (r the posterior responsibility), the means and log-scales the logistic's own derivative
     * times r_m (zero where the log-scale is at its floor).
     */
    public double logProb(float[] p, int off, int x, double[] grad) {
        if (x < 0 || x >= classes) throw new IllegalArgumentException("class " + x + " is outside 0.." + (classes - 1));
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) maxLogit = Math.max(maxLogit, p[off + m]);
        double z = 0;
        for (int m = 0; m < mixtures; m++) z += StrictMath.exp(p[off + m] - maxLogit);
        double logZ = maxLogit + StrictMath.log(z);
        double[] joint = new double[mixtures];
        double best = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) {
            double invS = StrictMath.exp(-logScale(p, off, m));
            joint[m] = p[off + m] - logZ + logBin(x, mean(p, off, m), invS);
            best = Math.max(best, joint[m]);
        }
        double sum = 0;
        for (int m = 0; m < mixtures; m++) sum += StrictMath.exp(joint[m] - best);
        double logP = best + StrictMath.log(sum);
        if (grad != null) gradient(p, off, x, joint, logZ, logP, grad);
        return logP;
    }

    private void gradient(float[] p, int off, int x, double[] joint, double logZ, double logP, double[] grad) {
        double v = 2.0 * x / (classes - 1) - 1, g = 1.0 / (classes - 1);
        for (int m = 0; m < mixtures; m++) {
            double r = StrictMath.exp(joint[m] - logP), pi = StrictMath.exp(p[off + m] - logZ);
            grad[m] = r - pi;
            double logS = logScale(p, off, m), invS = StrictMath.exp(-logS), mu = mean(p, off, m);
            double a = (v - mu + g) * invS, b = (v - mu - g) * invS;
            // d/dz log bin: with F = σ(a) − σ(b), dF/da = σ'(a), dF/db = −σ'(b); a, b = (v − μ ± g)/s.
            double da, db; // d log bin / da, / db
            if (x == 0) {
                da = sigmoid(-a);
                db = 0;
            } else if (x == classes - 1) {
                da = 0;
                db = -sigmoid(b);
            } else {
                double logBin = logBin(x, mu, invS);
                da = StrictMath.exp(logSigmoid(a) + logSigmoid(-a) - logBin);
                db = -StrictMath.exp(logSigmoid(b) + logSigmoid(-b) - logBin);
            }
            // da/dμ = −1/s, da/dlog s = −a (likewise b)
            grad[mixtures + m] = r * -(da + db) * invS;
            boolean floored = p[off + 2 * mixtures + m] - StrictMath.log(mixtures) < MIN_LOG_SCALE;
            grad[2 * mixtures + m] = floored ? 0 : r * -(da * a + db * b);
        }
    }

    /**
     * The K class probabilities at {@code temperature} (1: the model's own; other temperatures sharpen or flatten the
     * mixture weights and scales, for sampling): each logistic's CDF at the bin edges, differenced. Edges more than 40
     * scales from a mean are 0 or 1 to double precision and are not computed; between, e^−z at successive edges is a
     * geometric sequence, so one exp per logistic and a multiplication per edge give the CDF (rounding grows to ~10⁻¹¹
     * over 65,536 edges, in the same order on every machine).
     */
    public void probabilities(float[] p, int off, float temperature, double[] probs) {
        if (probs.length != classes) throw new IllegalArgumentException(probs.length + " probabilities for " + classes + " classes");
        java.util.Arrays.fill(probs, 0);
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) maxLogit = Math.max(maxLogit, p[off + m] / temperature);
        double[] weight = new double[mixtures];
        double z = 0;
        for (int m = 0; m < mixtures; m++) z += weight[m] = StrictMath.exp(p[off + m] / temperature - maxLogit);
        double g = 1.0 / (classes - 1);
        for (int m = 0; m < mixtures; m++) {
            double w = weight[m] / z, mu = mean(p, off, m), s = StrictMath.exp(logScale(p, off, m)) * temperature;
            // the classes whose edges lie within ±40 s of the mean; below them the CDF is 0, above it 1
            int first = (int) Math.clamp(Math.floor((mu - 40 * s + 1) / (2 * g)) - 1, 0, classes - 1);
            int last = (int) Math.clamp(Math.ceil((mu + 40 * s + 1) / (2 * g)) + 1, first, classes - 1);
            double below = 0; // the CDF at class first's lower edge: 0 for class 0, whose bin is the whole left tail
            if (first > 0) {
                below = sigmoid((2.0 * first / (classes - 1) - 1 - g - mu) / s);
                probs[first] += w * below; // the left tail beyond, < e^−40
            }
            // e^−z at the upper edge of class x, z = (v_x + g − μ)/s; each edge is 2g/s further
            double decay = StrictMath.exp(-2 * g / s);
            double e = StrictMath.exp(-((2.0 * first / (classes - 1) - 1 + g - mu) / s));
            for (int x = first; x <= last; x++, e *= decay) {
                double upper = x == classes - 1 ? 1 : 1 / (1 + e);
                probs[x] += w * (upper - below);
                below = upper;
            }
            if (last < classes - 1) probs[last] += w * (1 - below); // the rest of the right tail, < e^−40
        }
    }
}
