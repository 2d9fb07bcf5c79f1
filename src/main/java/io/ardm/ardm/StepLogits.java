package io.ardm.ardm;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * The predicted distribution of every step when the whole datapoint is known (encoding, exact likelihood): one
 * network call per policy step, all calls run batched since every call's inputs are known up front. A
 * {@link ArdmNetwork#leftToRight} network coded one step per position in the left-to-right order needs a single
 * call in all: its logits at a position ignore the inputs from there on.
 */
public final class StepLogits {
    /** Receives the logits of step t, which generates {@code position}: logits[offset .. offset + K). */
    public interface Visitor {
        void step(int t, int position, float[] logits, int offset);
    }

    private StepLogits() {}

    /**
     * Visits steps boundaries[0] .. D−1 in increasing t.
     *
     * @param x          the datapoint (its D values; steps before boundaries[0] are shown as given)
     * @param boundaries the first step of each network call, increasing (see {@link Policy#boundariesFrom})
     */
    public static void forEachStep(ArdmNetwork net, int[] x, Order order, int[] boundaries, int maxBatch, Visitor visitor) {
        int d = net.length();
        int k = net.classes();
        int calls = boundaries.length;
        if (calls == 0) return;
        if (net.leftToRight() && oneStepPerPositionFromTheLeft(order, boundaries, d)) {
            Tensor logits = net.logits(Tape.inference(), x.clone(), new int[] {d}, 1);
            for (int t = boundaries[0]; t < d; t++) visitor.step(t, order.positionAt(t), logits.data, order.positionAt(t) * k);
            return;
        }
        for (int first = 0; first < calls; first += maxBatch) {
            int n = Math.min(maxBatch, calls - first);
            int[] inputs = new int[n * d];
            int[] steps = new int[n];
            for (int b = 0; b < n; b++) {
                steps[b] = boundaries[first + b];
                order.corrupt(x, 0, steps[b], net.absorbing(), inputs, b * d);
            }
            Tensor logits = net.logits(Tape.inference(), inputs, steps, n);
            for (int b = 0; b < n; b++) {
                int end = first + b + 1 < calls ? boundaries[first + b + 1] : d;
                for (int t = steps[b]; t < end; t++) {
                    int j = order.positionAt(t);
                    visitor.step(t, j, logits.data, (b * d + j) * k);
                }
            }
        }
    }

    /** Steps s .. D−1 each a call of their own, generating positions 0, 1, 2, … in turn (padding, if any, after). */
    public static boolean oneStepPerPositionFromTheLeft(Order order, int[] boundaries, int d) {
        int s = boundaries[0];
        if (boundaries.length != d - s) return false;
        for (int t = s; t < d; t++) {
            if (boundaries[t - s] != t || order.positionAt(t) != t - s) return false;
        }
        return true;
    }
}
