package io.ardm.run;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Generation;
import io.ardm.ardm.LeftToRightArdm;
import io.ardm.ardm.LossComponents;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.PolicySolver;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.process.Process;
import io.ardm.ardm.Likelihood;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.Categorical;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Modality;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A trained model ready for inference, as every command receives it: EMA weights, the config it was trained with
 * (and so its modality), its loss components, and a fingerprint of everything coding depends on (config, EMA
 * weights, the components the policies come from, the coding order).
 */
public record LoadedModel(RunConfig config, TrainableArdm network, LossComponents components, RunCheckpoint.Progress progress,
                          long codingOrderSeed, byte[] fingerprint) {
    public Modality modality() {
        return config.data();
    }

    /** How the network destroys and rebuilds data: the OA absorbing process, or upscaling stage by stage. */
    public Process process() {
        return config.process();
    }

    /** D: positions per datapoint. */
    public int length() {
        return network.length();
    }

    /**
     * The fixed orders σ (one per stage, drawn in turn from the stored seed) the compressor codes every datapoint in
     * (spec §5.2); left to right for the baseline.
     */
    public Order[] codingOrders() {
        int d = network.length();
        if (leftToRight()) return new Order[] {Order.leftToRight(d)};
        SplittableRandom rng = new SplittableRandom(codingOrderSeed);
        Order[] orders = new Order[process().stages()];
        for (int g = 0; g < orders.length; g++) orders[g] = Order.random(d, rng);
        return orders;
    }

    /**
     * The network as the coder sees it: the baseline is wrapped so that its step t predicts position t (through its
     * key/value-cached stream when it has one).
     */
    public ArdmNetwork codingNetwork() {
        if (!leftToRight()) return network;
        int bos = process().initial();
        return network.causalStreams().map(streams -> new LeftToRightArdm(network, bos, streams)).orElse(new LeftToRightArdm(network, bos));
    }

    /** The file compressor of this model (its modality, coding network, order, fingerprint and DP policies). */
    public SegmentedFileCodec fileCodec() {
        return new SegmentedFileCodec(modality(), codingNetwork(), process(), fingerprint, codingOrders(), this::policies);
    }

    /**
     * The same model over {@code length} positions per datapoint (a WaveNet trained on crops of D samples reading whole
     * clips): network steps and loss components mapped in proportion; its fingerprint covers the new length.
     */
    public LoadedModel atLength(int length) {
        if (length == length()) return this;
        TrainableArdm view = network.atLength(length); // a transformer (left-to-right or not) refuses: its D is in its weights
        byte[] lengthFingerprint = RunCheckpoint.sha256(fingerprint, ByteBuffer.allocate(4).putInt(length).array());
        return new LoadedModel(config.atLength(length), view, components.stretchedTo(process().stages(), length), progress, codingOrderSeed,
                lengthFingerprint);
    }

    /** The same model coding in the orders of another seed (to compare orders; the fingerprint is not recomputed). */
    public LoadedModel withCodingOrderSeed(long seed) {
        return new LoadedModel(config, network, components, progress, seed, fingerprint);
    }

    /**
     * The same model, except that every network call first asks {@code stop} and, when it answers true, throws a
     * {@link java.util.concurrent.CancellationException} (from whichever thread made the call).
     */
    public LoadedModel stoppingWhen(java.util.function.BooleanSupplier stop) {
        return new LoadedModel(config, new StoppableNetwork(network, stop), components, progress, codingOrderSeed, fingerprint);
    }

    /** The coder of single datapoints under the given policies, in the model's coding orders. */
    public ArdmCoder coder(StagePolicies policies, int maxBatch) {
        return new ArdmCoder(codingNetwork(), process(), codingOrders(), policies, Categorical.DEFAULT_PRECISION, modality().padSymbol(), maxBatch);
    }

    /** Exact −log2 p(x)/D of one datapoint in the coding orders under the given policies (what the coder pays). */
    public double exactBits(int[] x, StagePolicies policies, int maxBatch) {
        return Likelihood.exactBits(codingNetwork(), process(), x, codingOrders(), policies, maxBatch);
    }

    public boolean leftToRight() {
        return config.leftToRight();
    }

    /** The budget files are compressed with when none is asked for: 50 calls per segment, or D for the baseline (its only one). */
    public int defaultBudget() {
        return leftToRight() ? length() : Math.min(DEFAULT_BUDGET, length());
    }

    /** Network calls per segment and stage an order-agnostic model codes with by default. */
    public static final int DEFAULT_BUDGET = 50;

    /** {@code count} unconditional samples (row-major [count, D]): the baseline left to right, other models under {@code policies}. */
    public Generation.Result sample(int count, StagePolicies policies, float temperature, SplittableRandom rng, Generation.Snapshots snapshots) {
        if (leftToRight()) return Generation.sampleLeftToRight(codingNetwork(), process(), count, temperature, rng);
        int d = length();
        return Generation.infill(network, process(), new int[count * d], new boolean[count * d], count, policies, temperature, rng, snapshots);
    }

    /**
     * {@code count} completions of {@code text} (placed at the start of the window) whose {@code unknown} positions are
     * generated by an order-agnostic model.
     */
    public Generation.Result infill(String text, char unknown, int count, StagePolicies policies, float temperature, SplittableRandom rng) {
        return infill(modality().parseMasked(text, unknown), count, policies, temperature, rng, (stage, x) -> { });
    }

    /**
     * {@code count} completions of a datapoint whose first positions are {@code masked} (its known-mask says which are
     * given; positions past its end are generated too), handing {@code snapshots} the state after every network call.
     */
    public Generation.Result infill(Modality.Masked masked, int count, StagePolicies policies, float temperature, SplittableRandom rng,
                                    Generation.Snapshots snapshots) {
        requireOrderAgnostic();
        int d = length();
        int n = masked.symbols().length;
        if (n > d) throw new IllegalArgumentException("the text has " + n + " symbols; the model covers " + d);
        if (masked.known().length != n) throw new IllegalArgumentException(n + " symbols but " + masked.known().length + " known-flags");
        int[] values = new int[count * d];
        boolean[] known = new boolean[count * d];
        for (int c = 0; c < count; c++) {
            System.arraycopy(masked.symbols(), 0, values, c * d, n);
            System.arraycopy(masked.known(), 0, known, c * d, n);
        }
        return Generation.infill(network, process(), values, known, count, policies, temperature, rng, snapshots);
    }

    /**
     * {@code count} rows (row-major [count, D]) upscaled from what they show before stage {@code fromStage}: the digits
     * of the earlier stages are kept, the later ones sampled ({@link Generation#upscale}).
     */
    public Generation.Result upscale(int[] values, int fromStage, int count, StagePolicies policies, float temperature, SplittableRandom rng) {
        if (process().stages() < 2) throw new IllegalArgumentException("this model has one stage: only an upscale ARDM refines coarse values");
        return Generation.upscale(network, process(), values, fromStage, count, policies, temperature, rng, (stage, x) -> { });
    }

    /** Fails for the left-to-right baseline, which cannot generate in other orders or in parallel. */
    public LoadedModel requireOrderAgnostic() {
        if (leftToRight()) {
            throw new IllegalArgumentException("this is a left-to-right baseline model; this command needs an order-agnostic ARDM");
        }
        return this;
    }

    /**
     * The DP-optimal policy of every stage, each with {@code budget} network calls, from that stage's loss components
     * (the sequential one at budget D).
     */
    public StagePolicies policies(int budget) {
        Policy[] perStage = new Policy[process().stages()];
        for (int g = 0; g < perStage.length; g++) perStage[g] = stagePolicy(g, budget);
        return new StagePolicies(java.util.List.of(perStage));
    }

    /**
     * The DP-optimal policies for filling in the D − {@code known} unknown positions of a datapoint in {@code budget}
     * network calls per stage (all of them one by one when the budget covers them): the DP runs on the components of
     * steps known..D−1 only, so no call is spent on the given positions and the whole budget goes to the unknown ones.
     */
    public StagePolicies infillPolicies(int budget, int known) {
        int d = network.length();
        if (known < 0 || known > d) throw new IllegalArgumentException(known + " known positions of D=" + d);
        if (budget < 1 || budget > d) throw new IllegalArgumentException("budget must be between 1 and D=" + d + ", got " + budget);
        requireOrderAgnostic();
        Policy[] perStage = new Policy[process().stages()];
        for (int g = 0; g < perStage.length; g++) {
            int unknown = d - known;
            if (budget >= unknown) {
                perStage[g] = Policy.sequential(d);
            } else {
                double[] rest = java.util.Arrays.copyOfRange(components.estimate(), g * d + known, (g + 1) * d);
                perStage[g] = PolicySolver.solve(rest, budget).policy(budget).after(known);
            }
        }
        return new StagePolicies(java.util.List.of(perStage));
    }

    /** The one-stage models' DP-optimal policy with {@code budget} network calls (the sequential one at budget D, the baseline's only one). */
    public Policy policy(int budget) {
        if (process().stages() != 1) throw new IllegalStateException("a model of " + process().stages() + " stages has one policy per stage");
        return stagePolicy(0, budget);
    }

    private Policy stagePolicy(int stage, int budget) {
        int d = network.length();
        if (budget < 1 || budget > d) throw new IllegalArgumentException("budget must be between 1 and D=" + d + ", got " + budget);
        if (leftToRight() && budget != d) {
            throw new IllegalArgumentException("a left-to-right model predicts one symbol per network call: its only budget is D=" + d);
        }
        if (budget == d) return Policy.sequential(d);
        double[] stageComponents = java.util.Arrays.copyOfRange(components.estimate(), stage * d, (stage + 1) * d);
        return PolicySolver.solve(stageComponents, budget).policy(budget);
    }
}
