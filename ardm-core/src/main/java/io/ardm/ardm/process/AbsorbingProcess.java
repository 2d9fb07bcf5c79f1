package io.ardm.ardm.process;

import io.ardm.ardm.Logits;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.CrossEntropy;

/**
 * The order-agnostic ARDM's process (paper §3, spec §2): one stage; a position not yet generated holds the absorbing
 * state, an input id of its own ({@code K}, one beyond the classes); a step chooses the datum itself from a softmax
 * over the K classes.
 */
public final class AbsorbingProcess implements Process {
    private final int length;
    private final int classes;

    public AbsorbingProcess(int length, int classes) {
        if (length < 1 || classes < 1) throw new IllegalArgumentException("length and classes must be positive");
        this.length = length;
        this.classes = classes;
    }

    /** The absorbing state's id: K. */
    public int absorbing() {
        return classes;
    }

    @Override public int length() {
        return length;
    }

    @Override public int stages() {
        return 1;
    }

    @Override public int classes() {
        return classes;
    }

    @Override public int initial() {
        return classes;
    }

    @Override public int hidden(int stage, int x) {
        return classes;
    }

    @Override public int revealed(int stage, int x) {
        return x;
    }

    @Override public int choices(int stage) {
        return classes;
    }

    @Override public int choiceOf(int stage, int x) {
        return x;
    }

    @Override public int valueAfter(int stage, int hiddenValue, int choice) {
        return choice;
    }

    @Override public void choiceProbabilities(float[] logits, int offset, int stage, int hiddenValue, float temperature, double[] probs) {
        Logits.probabilities(logits, offset, classes, temperature, probs);
    }

    @Override public double logProb(float[] logits, int offset, int stage, int x) {
        return Logits.logProb(logits, offset, classes, x);
    }

    @Override public Tensor loss(Tape tape, Tensor logits, int[] globalSteps, int[] targets, float[] weights, float[] rowNll) {
        return CrossEntropy.apply(tape, logits.reshape(-1, classes), targets, weights, rowNll);
    }
}
