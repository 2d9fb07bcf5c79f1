package io.ardm.codec;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Logits;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StepLogits;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Codes one datapoint with an ARDM (spec §5.3–5.4): a fixed order σ and policy; one network call per policy
 * step. rANS is a stack, so the encoder computes every step's distributions ({@link StepLogits}: all inputs are
 * known, so the calls run batched) and pushes the symbols in reverse; the decoder replays the steps forward, one
 * call at a time.
 * Both sides get bit-identical probabilities from the deterministic forward pass, whatever the batch.
 *
 * <p>A datapoint may be shorter than D (a file's last segment): positions ≥ length hold {@code padValue}, are
 * shown to the network from the start and are not coded.
 */
public final class ArdmCoder {
    private final ArdmNetwork net;
    private final Order order;
    private final Policy policy;
    private final int precision;
    private final int padValue;
    private final int maxBatch;

    public ArdmCoder(ArdmNetwork net, Order order, Policy policy, int precision, int padValue, int maxBatch) {
        if (order.length() != net.length() || policy.steps() != net.length()) {
            throw new IllegalArgumentException("order/policy cover " + order.length() + "/" + policy.steps() + " steps, the model " + net.length());
        }
        this.net = net;
        this.order = order;
        this.policy = policy;
        this.precision = precision;
        this.padValue = padValue;
        this.maxBatch = maxBatch;
    }

    /** Network calls to code one full-length datapoint. */
    public int networkCalls() {
        return policy.networkCalls();
    }

    /** Encodes values[0..length) (each in [0, K)) onto a fresh stream and returns its bytes. */
    public byte[] encode(int[] values, int length) {
        RansEncoder enc = new RansEncoder();
        encode(values, length, enc);
        return enc.toByteArray();
    }

    public void encode(int[] values, int length, RansEncoder enc) {
        int d = net.length();
        int k = net.classes();
        Plan plan = plan(length);
        int[] x = new int[d];
        for (int j = 0; j < d; j++) {
            x[j] = j < length ? values[j] : padValue;
            if (j < length && (x[j] < 0 || x[j] >= k)) throw new IllegalArgumentException("symbol " + x[j] + " at " + j + " outside [0, " + k + ")");
        }
        List<Categorical> models = new ArrayList<>(length);
        List<Integer> symbols = new ArrayList<>(length);
        StepLogits.forEachStep(net, x, plan.order, plan.boundaries, maxBatch, (t, j, logits, offset) -> {
            models.add(model(logits, offset, k));
            symbols.add(x[j]);
        });
        for (int i = models.size() - 1; i >= 0; i--) enc.push(symbols.get(i), models.get(i));
    }

    /** Decodes a datapoint of {@code length} values from a stream made by {@link #encode}. */
    public int[] decode(RansDecoder dec, int length) {
        int d = net.length();
        int k = net.classes();
        Plan plan = plan(length);
        int[] x = new int[d];
        for (int j = 0; j < d; j++) x[j] = j < length ? net.absorbing() : padValue;
        Optional<IntFunction<float[]>> stream = net.leftToRightStream();
        if (stream.isPresent() && StepLogits.oneStepPerPositionFromTheLeft(plan.order, plan.boundaries, d)) {
            // Positions 0 .. length−1 in turn; the padding after them cannot affect a left-to-right model's logits.
            int previous = net.absorbing();
            for (int j = 0; j < length; j++) {
                x[j] = dec.pop(model(stream.get().apply(previous), 0, k));
                previous = x[j];
            }
            return Arrays.copyOf(x, length);
        }
        for (int i = 0; i < plan.boundaries.length; i++) {
            int l = plan.boundaries[i];
            Tensor logits = net.logits(Tape.inference(), x, new int[] {l}, 1);
            for (int t = l; t < plan.end(i, d); t++) {
                int j = plan.order.positionAt(t);
                x[j] = dec.pop(model(logits.data, j * k, k));
            }
        }
        return Arrays.copyOf(x, length);
    }

    private Categorical model(float[] logits, int off, int k) {
        double[] p = new double[k];
        Logits.probabilities(logits, off, k, 1f, p);
        return Categorical.fromProbabilities(p, precision);
    }

    /** The order and boundaries for a datapoint whose positions ≥ length are padding. */
    private record Plan(Order order, int[] boundaries) {
        int end(int call, int d) {
            return call + 1 < boundaries.length ? boundaries[call + 1] : d;
        }
    }

    private Plan plan(int length) {
        int d = net.length();
        if (length < 0 || length > d) throw new IllegalArgumentException("length " + length + " outside [0, " + d + "]");
        boolean[] padding = new boolean[d];
        for (int j = length; j < d; j++) padding[j] = true;
        Order o = length == d ? order : order.withKnownFirst(padding);
        return new Plan(o, policy.boundariesFrom(d - length));
    }
}
