package io.ardm.ardm.process;

import io.ardm.ardm.LogisticMixture;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * The order-agnostic ARDM of 16-bit audio (spec §2.5, §6.4): the {@link AbsorbingProcess}'s one stage, where a step
 * chooses the datum itself, but the network gives a discretized mixture of logistics ({@link LogisticMixture}, 3M
 * outputs) per position instead of K = 65,536 logits. The absorbing state is K, outside the data, which the audio
 * network shows as the normalised value 0 (the official code's K/2) with a mask of 0.
 */
public final class MixtureAbsorbingProcess implements Process {
    private final int length;
    private final LogisticMixture head;

    public MixtureAbsorbingProcess(int length, LogisticMixture head) {
        if (length < 1) throw new IllegalArgumentException("length must be positive");
        this.length = length;
        this.head = head;
    }

    public LogisticMixture head() {
        return head;
    }

    @Override public int length() {
        return length;
    }

    @Override public int stages() {
        return 1;
    }

    @Override public int classes() {
        return head.classes();
    }

    @Override public int logitsPerPosition() {
        return head.outputs();
    }

    @Override public int initial() {
        return head.classes();
    }

    @Override public int hidden(int stage, int x) {
        return head.classes();
    }

    @Override public int revealed(int stage, int x) {
        return x;
    }

    @Override public int choices(int stage) {
        return head.classes();
    }

    @Override public int choiceOf(int stage, int x) {
        return x;
    }

    @Override public int valueAfter(int stage, int hiddenValue, int choice) {
        return choice;
    }

    @Override public void choiceProbabilities(float[] logits, int offset, int stage, int hiddenValue, float temperature, double[] probs) {
        head.probabilities(logits, offset, temperature, probs);
    }

    @Override public double logProb(float[] logits, int offset, int stage, int x) {
        return head.logProb(logits, offset, x);
    }

    @Override public Tensor loss(Tape tape, Tensor logits, int[] globalSteps, int[] targets, float[] weights, float[] rowNll) {
        return RowwiseLoss.apply(tape, logits, targets.length, head.outputs(), weights, rowNll, (i, grad) -> head.logProb(logits.data, i * head.outputs(), targets[i], grad));
    }
}
