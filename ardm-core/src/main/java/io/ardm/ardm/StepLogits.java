package io.ardm.ardm;

import io.ardm.ardm.process.Process;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The predicted distribution of every step when the whole datapoint is known (encoding, exact likelihood): one
 * network call per policy step of every stage, all calls run batched since every call's inputs are known up front
 * (spec §3.7: the stages' terms are independent given x). A {@link ArdmNetwork#leftToRight} network coded one step
 * per position in the left-to-right order needs a single call in all: its logits at a position ignore the inputs
 * from there on.
 */
public final class StepLogits {
    /** Receives the logits of step t of a stage, which generates {@code position}: logits[offset ..). */
    public interface Visitor {
        void step(int stage, int t, int position, float[] logits, int offset);
    }

    private StepLogits() {}

    /** One network call: a stage, its order and the step range [from, to) it generates. */
    private record Call(int stage, Order order, int from, int to) {}

    /**
     * Visits, stage by stage, steps boundaries[g][0] .. D−1 of each stage g in increasing t.
     *
     * @param x          the datapoint (its D values; steps before boundaries[g][0] are shown as given)
     * @param orders     each stage's order σ
     * @param boundaries each stage's first step of each network call, increasing (see {@link Policy#boundariesFrom})
     */
    public static void forEachStep(ArdmNetwork net, Process process, int[] x, Order[] orders, int[][] boundaries, int maxBatch,
                                   Visitor visitor) {
        int d = net.length();
        int k = net.classes();
        if (orders.length != process.stages() || boundaries.length != process.stages()) {
            throw new IllegalArgumentException(orders.length + " orders and " + boundaries.length + " plans for " + process.stages() + " stages");
        }
        if (process.stages() == 1 && boundaries[0].length > 0 && net.leftToRight() && oneStepPerPositionFromTheLeft(orders[0], boundaries[0], d)) {
            Tensor logits = net.logits(Tape.inference(), new StepInput(x.clone(), new boolean[d], new int[] {d}, 1));
            for (int t = boundaries[0][0]; t < d; t++) visitor.step(0, t, orders[0].positionAt(t), logits.data, orders[0].positionAt(t) * k);
            return;
        }
        List<Call> calls = new ArrayList<>();
        for (int g = 0; g < boundaries.length; g++) {
            for (int i = 0; i < boundaries[g].length; i++) {
                calls.add(new Call(g, orders[g], boundaries[g][i], i + 1 < boundaries[g].length ? boundaries[g][i + 1] : d));
            }
        }
        for (int first = 0; first < calls.size(); first += maxBatch) {
            int n = Math.min(maxBatch, calls.size() - first);
            int[] values = new int[n * d];
            boolean[] revealed = new boolean[n * d];
            int[] steps = new int[n];
            int[] rows = new int[0];
            for (int b = 0; b < n; b++) {
                Call c = calls.get(first + b);
                steps[b] = c.stage * d + c.from;
                process.show(x, 0, c.order, c.stage, c.from, values, revealed, b * d);
                rows = withPositions(rows, b * d, c.order, c.from, c.to);
            }
            Tensor logits = net.logits(Tape.inference(), new StepInput(values, revealed, steps, n), rows);
            for (int b = 0; b < n; b++) {
                Call c = calls.get(first + b);
                for (int t = c.from; t < c.to; t++) {
                    int j = c.order.positionAt(t);
                    visitor.step(c.stage, t, j, logits.data, (b * d + j) * k);
                }
            }
        }
    }

    /**
     * {@code rows} (ascending, all below {@code offset}) followed by offset + the positions that steps [from, to) of
     * {@code order} generate, ascending: the rows of one item's call whose logits are read.
     */
    public static int[] withPositions(int[] rows, int offset, Order order, int from, int to) {
        int[] out = java.util.Arrays.copyOf(rows, rows.length + to - from);
        for (int t = from; t < to; t++) out[rows.length + t - from] = offset + order.positionAt(t);
        java.util.Arrays.sort(out, rows.length, out.length);
        return out;
    }

    /** {@link #withPositions(int[], int, Order, int, int)} for round {@code round} of a call plan (its steps up to the next boundary, or D). */
    public static int[] withPositions(int[] rows, int offset, Order order, int[] boundaries, int round, int d) {
        return withPositions(rows, offset, order, boundaries[round], round + 1 < boundaries.length ? boundaries[round + 1] : d);
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
