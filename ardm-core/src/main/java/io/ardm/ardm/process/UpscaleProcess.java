package io.ardm.ardm.process;

import io.ardm.ardm.LogisticMixture;
import io.ardm.tensor.DetMath;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.BlockCrossEntropy;
import io.ardm.tensor.op.Softmax;

/**
 * The depth-upscaling ARDM (paper §3.2, spec §3) with the data parametrization: S stages of {@link ZeroLeastSignificant}
 * transitions, each an order-agnostic pass over the D positions. The network predicts θ over the K data classes at
 * every position, whatever the stage; stage g's distribution over the next digit is θ restricted to the data classes
 * that downscale to the shown x^(s−1) and summed per digit (θ^(s) ∝ P^(s)ᵀx^(s−1) ⊙ P̄^(s+1)θ), computed as
 * log-sum-exps of blocks of logits: stable with no 1e−10 floor and no −1e20 mask (the official code's). Positions
 * show values in [0, K) at every stage; the network tells a revealed 0 from the absorbing 0 by the revealed mask.
 *
 * <p>With the <em>direct</em> parametrization (spec §3.4, for audio, where K = 65,536 data logits per sample would
 * dwarf the network) the network gives S·b logits per position instead, and stage g's distribution over its digit is
 * the softmax of its own b of them, [g·b, g·b + b); digits whose values would reach K or beyond get no mass.
 *
 * <p>With a <em>mixture</em> head the data parametrization's θ is a discretized mixture of logistics over the K classes
 * (3M outputs per position, {@link LogisticMixture}): a digit's mass is the mixture's mass on the run of classes it
 * leaves open, in closed form from the logistics' CDFs, so no stage needs K outputs, and the head knows the order of
 * the levels (README, Images).
 */
public final class UpscaleProcess implements Process {
    private final int length;
    private final ZeroLeastSignificant transitions;
    private final boolean direct;
    private final LogisticMixture mixture;

    /** The data parametrization (K logits per position). */
    public UpscaleProcess(int length, ZeroLeastSignificant transitions) {
        this(length, transitions, false);
    }

    public UpscaleProcess(int length, ZeroLeastSignificant transitions, boolean direct) {
        this(length, transitions, direct, null);
    }

    /** The data parametrization with θ a mixture of logistics over the K classes. */
    public UpscaleProcess(int length, ZeroLeastSignificant transitions, LogisticMixture mixture) {
        this(length, transitions, false, mixture);
        if (mixture.classes() != transitions.classes()) {
            throw new IllegalArgumentException("a mixture over " + mixture.classes() + " classes cannot parametrize " + transitions.classes());
        }
    }

    private UpscaleProcess(int length, ZeroLeastSignificant transitions, boolean direct, LogisticMixture mixture) {
        if (length < 1) throw new IllegalArgumentException("length must be positive");
        this.length = length;
        this.transitions = transitions;
        this.direct = direct;
        this.mixture = mixture;
    }

    /** Whether the network's logits are per stage and digit (S·b) rather than per data class (K). */
    public boolean direct() {
        return direct;
    }

    public ZeroLeastSignificant transitions() {
        return transitions;
    }

    @Override public int length() {
        return length;
    }

    @Override public int stages() {
        return transitions.stages();
    }

    @Override public int classes() {
        return transitions.classes();
    }

    @Override public int logitsPerPosition() {
        if (direct) return transitions.stages() * transitions.branching();
        return mixture != null ? mixture.outputs() : classes();
    }

    /** The mixture head of the data parametrization, or null when θ is K logits (or the parametrization is direct). */
    public LogisticMixture mixture() {
        return mixture;
    }

    @Override public int initial() {
        return 0;
    }

    @Override public int hidden(int stage, int x) {
        return transitions.past(stage, x);
    }

    @Override public int revealed(int stage, int x) {
        return transitions.future(stage, x);
    }

    @Override public int choices(int stage) {
        return transitions.branching();
    }

    @Override public int choiceOf(int stage, int x) {
        return transitions.digit(stage, x);
    }

    @Override public int valueAfter(int stage, int hiddenValue, int choice) {
        return hiddenValue + choice * transitions.blockSize(stage);
    }

    /** θ^(s) over the b digits: the softmax mass of each digit's block of data classes, renormalised (0 beyond K). */
    @Override public void choiceProbabilities(float[] logits, int offset, int stage, int hiddenValue, float temperature, double[] probs) {
        if (direct) {
            int digits = validDigits(stage, hiddenValue), from = offset + stage * transitions.branching();
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < digits; c++) max = Math.max(max, logits[from + c] / temperature);
            double sum = 0;
            for (int c = 0; c < probs.length; c++) sum += probs[c] = c < digits ? DetMath.exp(logits[from + c] / temperature - max) : 0;
            for (int c = 0; c < digits; c++) probs[c] /= sum;
            return;
        }
        int block = transitions.blockSize(stage);
        int end = blockEnd(hiddenValue, (long) block * transitions.branching());
        if (mixture != null) {
            int[] edges = new int[probs.length + 1];
            for (int digit = 0; digit <= probs.length; digit++) edges[digit] = (int) Math.min(end, hiddenValue + (long) digit * block);
            mixture.rangeProbabilities(logits, offset, temperature, edges, probs);
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int c = hiddenValue; c < end; c++) max = Math.max(max, logits[offset + c] / temperature);
        double sum = 0;
        for (int digit = 0; digit < probs.length; digit++) {
            int from = hiddenValue + digit * block;
            double mass = 0;
            for (int c = from; c < Math.min(end, from + block); c++) mass += DetMath.exp(logits[offset + c] / temperature - max);
            probs[digit] = mass;
            sum += mass;
        }
        for (int digit = 0; digit < probs.length; digit++) probs[digit] /= sum;
    }

    @Override public double logProb(float[] logits, int offset, int stage, int x) {
        if (direct) {
            int from = offset + stage * transitions.branching();
            return logits[from + transitions.digit(stage, x)] - Softmax.logSumExp(logits, from, validDigits(stage, transitions.past(stage, x)));
        }
        if (mixture != null) return mixtureLogProb(logits, offset, stage, x, null);
        int future = transitions.future(stage, x);
        int past = transitions.past(stage, x);
        int block = transitions.blockSize(stage);
        return Softmax.logSumExp(logits, offset + future, blockEnd(future, block) - future)
                - Softmax.logSumExp(logits, offset + past, blockEnd(past, (long) block * transitions.branching()) - past);
    }

    /** log θ(classes the revealed value leaves open) − log θ(classes the hidden one leaves open), and its gradient. */
    private double mixtureLogProb(float[] outputs, int offset, int stage, int x, double[] grad) {
        int future = transitions.future(stage, x), past = transitions.past(stage, x), block = transitions.blockSize(stage);
        double[] contextGrad = grad == null ? null : new double[grad.length];
        double logP = mixture.logRangeProb(outputs, offset, future, blockEnd(future, block) - 1, grad)
                - mixture.logRangeProb(outputs, offset, past, blockEnd(past, (long) block * transitions.branching()) - 1, contextGrad);
        if (grad != null) for (int i = 0; i < grad.length; i++) grad[i] -= contextGrad[i];
        return logP;
    }

    /** Digits a stage may choose from a shown value: all b, or fewer where b^S overshoots K. */
    private int validDigits(int stage, int hiddenValue) {
        long block = transitions.blockSize(stage);
        return (int) Math.min(transitions.branching(), (classes() - hiddenValue + block - 1) / block);
    }

    private int blockEnd(int from, long size) {
        return (int) Math.min(classes(), from + size);
    }

    @Override public Tensor loss(Tape tape, Tensor logits, int[] globalSteps, int[] targets, float[] weights, float[] rowNll) {
        int n = targets.length;
        if (mixture != null) {
            return RowwiseLoss.apply(tape, logits, n, mixture.outputs(), weights, rowNll,
                    (i, grad) -> mixtureLogProb(logits.data, i * mixture.outputs(), globalSteps[i / length] / length, targets[i], grad));
        }
        int[] targetFrom = new int[n], targetSize = new int[n], contextFrom = new int[n], contextSize = new int[n];
        for (int i = 0; i < n; i++) {
            int stage = globalSteps[i / length] / length;
            if (direct) {
                contextFrom[i] = stage * transitions.branching();
                contextSize[i] = validDigits(stage, transitions.past(stage, targets[i]));
                targetFrom[i] = contextFrom[i] + transitions.digit(stage, targets[i]);
                targetSize[i] = 1;
                continue;
            }
            int block = transitions.blockSize(stage);
            targetFrom[i] = transitions.future(stage, targets[i]);
            targetSize[i] = blockEnd(targetFrom[i], block) - targetFrom[i];
            contextFrom[i] = transitions.past(stage, targets[i]);
            contextSize[i] = blockEnd(contextFrom[i], (long) block * transitions.branching()) - contextFrom[i];
        }
        return BlockCrossEntropy.apply(tape, logits.reshape(-1, logitsPerPosition()),
                new BlockCrossEntropy.Blocks(targetFrom, targetSize, contextFrom, contextSize), weights, rowNll);
    }
}
