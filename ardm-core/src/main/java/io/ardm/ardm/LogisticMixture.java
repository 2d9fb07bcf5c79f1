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

    /**
     * log of one logistic's mass on classes lo..hi: log(σ(a) − σ(b)), a = (v_hi − μ + g)/s, b = (v_lo − μ − g)/s, the
     * lowest class taking the whole left tail and the highest the right.
     */
    private double logRange(int lo, int hi, double mu, double invS) {
        if (lo == 0 && hi == classes - 1) return 0;
        double a = upperEdge(hi, mu, invS), b = lowerEdge(lo, mu, invS);
        if (lo == 0) return logSigmoid(a);
        if (hi == classes - 1) return logSigmoid(-b);
        // σ(a) − σ(b) = σ(−b) − σ(−a); on the right of the mean both σ are near 1, so take the small side.
        double big = a + b > 0 ? -b : a, small = a + b > 0 ? -a : b;
        double logBig = logSigmoid(big), logSmall = logSigmoid(small);
        return logBig + StrictMath.log(-StrictMath.expm1(logSmall - logBig));
    }

    /** (v_x − μ + g)/s: the standardised upper edge of class x's bin (in this order of operations, as coded files expect). */
    private double upperEdge(int x, double mu, double invS) {
        return (2.0 * x / (classes - 1) - 1 - mu + 1.0 / (classes - 1)) * invS;
    }

    /** (v_x − μ − g)/s: the standardised lower edge of class x's bin. */
    private double lowerEdge(int x, double mu, double invS) {
        return (2.0 * x / (classes - 1) - 1 - mu - 1.0 / (classes - 1)) * invS;
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
        return logRangeProb(p, off, x, x, grad);
    }

    /**
     * log p(lo ≤ x ≤ hi): the mixture's mass on a run of classes (what an upscale stage's data parametrization needs:
     * spec §3.3, θ summed over the classes a shown value leaves open), in closed form from the logistics' CDFs at the
     * run's outer edges; the gradient as for {@link #logProb(float[], int, int, double[])}.
     */
    public double logRangeProb(float[] p, int off, int lo, int hi, double[] grad) {
        if (lo < 0 || hi >= classes || lo > hi) throw new IllegalArgumentException("classes " + lo + ".." + hi + " are not a run inside 0.." + (classes - 1));
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) maxLogit = Math.max(maxLogit, p[off + m]);
        double z = 0;
        for (int m = 0; m < mixtures; m++) z += StrictMath.exp(p[off + m] - maxLogit);
        double logZ = maxLogit + StrictMath.log(z);
        double[] logMass = new double[mixtures], joint = new double[mixtures];
        double best = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) {
            double invS = StrictMath.exp(-logScale(p, off, m));
            logMass[m] = logRange(lo, hi, mean(p, off, m), invS);
            joint[m] = p[off + m] - logZ + logMass[m];
            best = Math.max(best, joint[m]);
        }
        double sum = 0;
        for (int m = 0; m < mixtures; m++) sum += StrictMath.exp(joint[m] - best);
        double logP = best + StrictMath.log(sum);
        if (grad != null) gradient(p, off, lo, hi, logMass, joint, logZ, logP, grad);
        return logP;
    }

    /** {@code logMass[m]}: component m's log-mass on lo..hi, as {@link #logRangeProb} computed it. */
    private void gradient(float[] p, int off, int lo, int hi, double[] logMass, double[] joint, double logZ, double logP, double[] grad) {
        for (int m = 0; m < mixtures; m++) {
            double r = StrictMath.exp(joint[m] - logP), pi = StrictMath.exp(p[off + m] - logZ);
            grad[m] = r - pi;
            double logS = logScale(p, off, m), invS = StrictMath.exp(-logS), mu = mean(p, off, m);
            double a = upperEdge(hi, mu, invS), b = lowerEdge(lo, mu, invS);
            // d/dz log F, F = σ(a) − σ(b): dF/da = σ'(a), dF/db = −σ'(b); a tail class has no edge on its open side.
            boolean leftTail = lo == 0, rightTail = hi == classes - 1;
            double da, db; // d log F / da, / db
            if (leftTail && rightTail) {
                da = 0;
                db = 0;
            } else if (leftTail) {
                da = sigmoid(-a);
                db = 0;
            } else if (rightTail) {
                da = 0;
                db = -sigmoid(b);
            } else {
                da = StrictMath.exp(logSigmoid(a) + logSigmoid(-a) - logMass[m]);
                db = -StrictMath.exp(logSigmoid(b) + logSigmoid(-b) - logMass[m]);
            }
            // da/dμ = −1/s, da/dlog s = −a (likewise b)
            grad[mixtures + m] = r * -(da + db) * invS;
            boolean floored = p[off + 2 * mixtures + m] - StrictMath.log(mixtures) < MIN_LOG_SCALE;
            grad[2 * mixtures + m] = floored ? 0 : r * -(da * a + db * b);
        }
    }

    /**
     * The masses of consecutive runs of classes, [edges[i], edges[i + 1]) into {@code masses[i]}, renormalised to sum
     * to one over the runs (an upscale stage's b digits, spec §3.3), at {@code temperature} as for
     * {@link #probabilities}. Each run's mass is taken in the stable form of {@link #logRangeProb}, so a digit far in a
     * tail keeps its small probability rather than a difference of two CDFs near one.
     */
    public void rangeProbabilities(float[] p, int off, float temperature, int[] edges, double[] masses) {
        if (masses.length < edges.length - 1) throw new IllegalArgumentException(masses.length + " masses for " + (edges.length - 1) + " runs");
        double[] weight = temperedWeights(p, off, temperature), mu = new double[mixtures], invS = new double[mixtures];
        for (int m = 0; m < mixtures; m++) {
            mu[m] = mean(p, off, m);
            invS[m] = StrictMath.exp(-logScale(p, off, m)) / temperature;
        }
        java.util.Arrays.fill(masses, 0);
        double sum = 0;
        for (int i = 0; i + 1 < edges.length; i++) {
            if (edges[i] == edges[i + 1]) continue;
            for (int m = 0; m < mixtures; m++) masses[i] += weight[m] * StrictMath.exp(logRange(edges[i], edges[i + 1] - 1, mu[m], invS[m]));
            sum += masses[i];
        }
        for (int i = 0; i + 1 < edges.length; i++) masses[i] /= sum;
    }

    /** The mixture weights at {@code temperature}, unnormalised: e^(π_m/T − max). */
    private double[] temperedWeights(float[] p, int off, float temperature) {
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mixtures; m++) maxLogit = Math.max(maxLogit, p[off + m] / temperature);
        double[] weight = new double[mixtures];
        for (int m = 0; m < mixtures; m++) weight[m] = StrictMath.exp(p[off + m] / temperature - maxLogit);
        return weight;
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
        double[] weight = temperedWeights(p, off, temperature);
        double z = 0;
        for (int m = 0; m < mixtures; m++) z += weight[m];
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
