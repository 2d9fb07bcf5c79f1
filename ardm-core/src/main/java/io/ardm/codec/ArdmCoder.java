package io.ardm.codec;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.LockstepStream;
import io.ardm.ardm.Order;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.StepInput;
import io.ardm.ardm.StepLogits;
import io.ardm.ardm.process.Process;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Codes one datapoint with an ARDM (spec §5.3–5.4): per stage of the process a fixed order σ and a policy; one
 * network call per policy step. What a step codes is the process's choice (the datum itself for the OA-ARDM).
 * rANS is a stack, so the encoder computes every step's distributions ({@link StepLogits}: all inputs are known, so
 * the calls run batched) and pushes the symbols in reverse; the decoder replays the stages and steps forward, one
 * call at a time. Both sides get bit-identical probabilities from the deterministic forward pass, whatever the batch.
 *
 * <p>A datapoint may be shorter than D (a file's last segment): positions ≥ length hold {@code padValue}, are
 * revealed first in every stage and are not coded.
 */
public final class ArdmCoder {
    private final ArdmNetwork net;
    private final Process process;
    private final Order[] orders;
    private final StagePolicies policies;
    private final int precision;
    private final int padValue;
    private final int maxBatch;

    public ArdmCoder(ArdmNetwork net, Process process, Order[] orders, StagePolicies policies, int precision, int padValue, int maxBatch) {
        if (orders.length != process.stages() || policies.count() != process.stages()) {
            throw new IllegalArgumentException(orders.length + " orders and " + policies.count() + " policies for " + process.stages() + " stages");
        }
        for (Order o : orders) {
            if (o.length() != net.length() || policies.steps() != net.length()) {
                throw new IllegalArgumentException("order/policy cover " + o.length() + "/" + policies.steps() + " steps, the model " + net.length());
            }
        }
        this.net = net;
        this.process = process;
        this.orders = orders.clone();
        this.policies = policies;
        this.precision = precision;
        this.padValue = padValue;
        this.maxBatch = maxBatch;
    }

    /** Network calls to code one full-length datapoint. */
    public int networkCalls() {
        return policies.networkCalls();
    }

    /** Encodes values[0..length) (each in [0, K)) onto a fresh stream and returns its bytes. */
    public byte[] encode(int[] values, int length) {
        RansEncoder enc = new RansEncoder();
        encode(values, length, enc);
        return enc.toByteArray();
    }

    public void encode(int[] values, int length, RansEncoder enc) {
        Plan plan = plan(length);
        int[] x = padded(values, length);
        List<Categorical> models = new ArrayList<>(length * process.stages());
        List<Integer> symbols = new ArrayList<>(length * process.stages());
        StepLogits.forEachStep(net, process, x, plan.orders, plan.boundaries, maxBatch, (stage, t, j, logits, offset) -> {
            models.add(model(logits, offset, stage, process.hidden(stage, x[j])));
            symbols.add(process.choiceOf(stage, x[j]));
        });
        for (int i = models.size() - 1; i >= 0; i--) enc.push(symbols.get(i), models.get(i));
    }

    /**
     * The exact code length, in bits, the model gives a datapoint of {@code length} values in the coder's orders and
     * policies: −log2 p(x) before the probabilities are quantised (what {@link #encode} pays, less a few bits).
     */
    public double bits(int[] values, int length) {
        double[] nats = {0};
        forEachLogProb(values, length, (j, logProb) -> nats[0] -= logProb);
        return nats[0] / Math.log(2);
    }

    /**
     * {@link #bits} position by position: entry j is what position j costs, in bits, in the coder's orders (all
     * stages); the entries sum to the code length (up to rounding).
     */
    public double[] bitsPerPosition(int[] values, int length) {
        double[] bits = new double[length];
        forEachLogProb(values, length, (j, logProb) -> {
            if (j < length) bits[j] -= logProb / Math.log(2);
        });
        return bits;
    }

    private interface LogProbs {
        void at(int position, double logProb);
    }

    private void forEachLogProb(int[] values, int length, LogProbs each) {
        Plan plan = plan(length);
        int[] x = padded(values, length);
        StepLogits.forEachStep(net, process, x, plan.orders, plan.boundaries, maxBatch,
                (stage, t, j, logits, offset) -> each.at(j, process.logProb(logits, offset, stage, x[j])));
    }

    /** The first {@code length} values, checked, then padding up to D. */
    private int[] padded(int[] values, int length) {
        int d = net.length();
        int[] x = new int[d];
        for (int j = 0; j < d; j++) {
            x[j] = j < length ? values[j] : padValue;
            if (j < length && (x[j] < 0 || x[j] >= process.classes())) {
                throw new IllegalArgumentException("symbol " + x[j] + " at " + j + " outside [0, " + process.classes() + ")");
            }
        }
        return x;
    }

    /** Decodes a datapoint of {@code length} values from a stream made by {@link #encode}. */
    public int[] decode(RansDecoder dec, int length) {
        if (decodesInLockstep(new int[] {length})) {
            // Positions 0 .. length−1 in turn through the cached stream; the padding after them cannot affect a
            // left-to-right model's logits.
            try {
                return decodeInLockstep(new RansDecoder[] {dec}, new int[] {length})[0];
            } catch (LockstepFailure e) {
                throw (CorruptStreamException) e.getCause();
            }
        }
        int d = net.length();
        int k = net.classes();
        Plan plan = plan(length);
        int[] x = new int[d];
        Arrays.fill(x, process.initial());
        boolean[] revealed = new boolean[d];
        for (int g = 0; g < process.stages(); g++) {
            for (int j = length; j < d; j++) x[j] = process.revealed(g, padValue);
            int[] boundaries = plan.boundaries[g];
            Order order = plan.orders[g];
            for (int i = 0; i < boundaries.length; i++) {
                int l = boundaries[i];
                for (int j = 0; j < d; j++) revealed[j] = order.isKnownBefore(j, l);
                Tensor logits = net.logits(Tape.inference(), new StepInput(x, revealed, new int[] {g * d + l}, 1),
                        StepLogits.withPositions(new int[0], 0, order, boundaries, i, d));
                int end = i + 1 < boundaries.length ? boundaries[i + 1] : d;
                for (int t = l; t < end; t++) {
                    int j = order.positionAt(t);
                    x[j] = process.valueAfter(g, x[j], dec.pop(model(logits.data, j * k, g, x[j])));
                }
            }
        }
        return Arrays.copyOf(x, length);
    }

    /**
     * Whether {@link #decodeInLockstep} can decode datapoints of these lengths: a left-to-right network with lockstep
     * streams, under the sequential policy.
     */
    public boolean decodesInLockstep(int[] lengths) {
        if (net.leftToRightStreams().isEmpty() || process.stages() != 1) return false;
        for (int length : lengths) {
            Plan plan = plan(length);
            if (!StepLogits.oneStepPerPositionFromTheLeft(plan.orders[0], plan.boundaries[0], net.length())) return false;
        }
        return true;
    }

    /**
     * Decodes datapoints of {@code lengths[i]} values from {@code decoders[i]} together: position by position, one
     * batched call of the network's {@link ArdmNetwork#leftToRightStreams lockstep stream} for every datapoint still
     * going. The same symbols, bit for bit, as {@link #decode} on each (each row's logits are a full call's), with one
     * weight read per position instead of one per datapoint. Only where {@link #decodesInLockstep}.
     *
     * @throws LockstepFailure naming the datapoint whose stream failed
     */
    public int[][] decodeInLockstep(RansDecoder[] decoders, int[] lengths) {
        if (!decodesInLockstep(lengths)) throw new IllegalStateException("this coder decodes one datapoint at a time");
        int k = net.classes();
        int[][] x = new int[lengths.length][];
        int longest = 0;
        for (int i = 0; i < lengths.length; i++) {
            x[i] = new int[lengths[i]];
            longest = Math.max(longest, lengths[i]);
        }
        LockstepStream stream = net.leftToRightStreams().orElseThrow().apply(lengths.length);
        for (int j = 0; j < longest; j++) {
            int going = 0;
            for (int length : lengths) if (length > j) going++;
            int[] rows = new int[going];
            for (int i = 0, r = 0; i < lengths.length; i++) if (lengths[i] > j) rows[r++] = i;
            int[] inputs = new int[going];
            for (int r = 0; r < going; r++) inputs[r] = j == 0 ? process.initial() : x[rows[r]][j - 1];
            float[] logits = stream.next(rows, inputs);
            for (int r = 0; r < going; r++) {
                int i = rows[r];
                try {
                    x[i][j] = process.valueAfter(0, process.initial(), decoders[i].pop(model(logits, r * k, 0, process.initial())));
                } catch (CorruptStreamException e) {
                    throw new LockstepFailure(i, e);
                }
            }
        }
        return x;
    }

    /** The stream of datapoint {@link #datapoint} of a {@link #decodeInLockstep} call is corrupt. */
    public static final class LockstepFailure extends RuntimeException {
        private final int datapoint;

        LockstepFailure(int datapoint, CorruptStreamException cause) {
            super(cause.getMessage(), cause);
            this.datapoint = datapoint;
        }

        public int datapoint() {
            return datapoint;
        }
    }

    private Categorical model(float[] logits, int off, int stage, int hiddenValue) {
        double[] p = new double[process.choices(stage)];
        process.choiceProbabilities(logits, off, stage, hiddenValue, 1f, p);
        return Categorical.fromProbabilities(p, precision);
    }

    /** Each stage's order and boundaries for a datapoint whose positions ≥ length are padding. */
    private record Plan(Order[] orders, int[][] boundaries) {}

    private Plan plan(int length) {
        int d = net.length();
        if (length < 0 || length > d) throw new IllegalArgumentException("length " + length + " outside [0, " + d + "]");
        boolean[] padding = new boolean[d];
        for (int j = length; j < d; j++) padding[j] = true;
        Order[] o = new Order[orders.length];
        for (int g = 0; g < o.length; g++) o[g] = length == d ? orders[g] : orders[g].withKnownFirst(padding);
        return new Plan(o, policies.boundariesFrom(d - length));
    }
}
