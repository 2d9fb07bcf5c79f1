package io.ardm.ardm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.ArdmObjective;
import io.ardm.ardm.Generation;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.LogisticMixture;
import io.ardm.ardm.Logits;
import io.ardm.ardm.Objective;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.StepInput;
import io.ardm.ardm.StepSampler;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.Categorical;
import io.ardm.codec.RansDecoder;
import io.ardm.codec.RansEncoder;
import io.ardm.tensor.GradCheck;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.BlockCrossEntropy;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Depth upscaling (spec §3): the transitions, the data parametrization's worked example, and the whole pipeline. */
class UpscaleProcessTest {
    @Test
    void stageCountsAreTheSpecs() {
        int[][] cases = {{256, 2, 8}, {256, 4, 4}, {256, 16, 2}, {256, 256, 1}, {65536, 2, 16}, {65536, 4, 8}, {65536, 16, 4}, {65536, 256, 2},
                {28, 2, 5}, {10, 3, 3}};
        for (int[] c : cases) assertEquals(c[2], ZeroLeastSignificant.of(c[0], c[1]).stages(), c[0] + " classes, b=" + c[1]);
    }

    @Test
    void eightClassesInBitsDownscaleAsInFigureFour() {
        ZeroLeastSignificant z = ZeroLeastSignificant.of(8, 2);
        int[] x2 = new int[8], x1 = new int[8], x0 = new int[8];
        for (int x = 0; x < 8; x++) {
            x2[x] = z.future(1, x);
            x1[x] = z.future(0, x);
            x0[x] = z.past(0, x);
            assertEquals(x, z.future(2, x), "the last stage reveals the datum");
            assertEquals(z.future(0, x), z.past(1, x), "a stage starts where the previous one ended");
        }
        assertArrayEquals(new int[] {0, 0, 2, 2, 4, 4, 6, 6}, x2);
        assertArrayEquals(new int[] {0, 0, 0, 0, 4, 4, 4, 4}, x1);
        assertArrayEquals(new int[8], x0);
    }

    /** Spec §3.3: K = 8, b = 2, generative stage 1, x^(s−1) = 4, θ = (.05, .05, .1, .1, .2, .1, .3, .1): θ^(s)(4) = 3/7, θ^(s)(6) = 4/7. */
    @Test
    void theSpecsWorkedExample() {
        UpscaleProcess p = new UpscaleProcess(1, ZeroLeastSignificant.of(8, 2));
        double[] theta = {.05, .05, .1, .1, .2, .1, .3, .1};
        float[] logits = new float[8];
        for (int c = 0; c < 8; c++) logits[c] = (float) Math.log(theta[c]);
        double[] probs = new double[2];
        p.choiceProbabilities(logits, 0, 1, 4, 1f, probs);
        assertEquals(3.0 / 7, probs[0], 1e-6);
        assertEquals(4.0 / 7, probs[1], 1e-6);
        assertEquals(Math.log(3.0 / 7), p.logProb(logits, 0, 1, 5), 1e-6);
        assertEquals(Math.log(4.0 / 7), p.logProb(logits, 0, 1, 6), 1e-6);
        assertEquals(6, p.valueAfter(1, 4, p.choiceOf(1, 7)));
    }

    /** The stages' conditionals telescope: Σ_g log p(x^(g+1) | x^(g)) = log θ(x) under one θ, also when K is no power of b. */
    @Test
    void stageLogProbsTelescopeToTheDataLogProb() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] kb : new int[][] {{8, 2}, {28, 2}, {10, 3}, {256, 16}, {17, 4}}) {
            UpscaleProcess p = new UpscaleProcess(1, ZeroLeastSignificant.of(kb[0], kb[1]));
            float[] logits = new float[kb[0]];
            for (int c = 0; c < logits.length; c++) logits[c] = (float) (r.nextDouble() * 6 - 3);
            for (int x = 0; x < kb[0]; x++) {
                double sum = 0;
                int value = p.initial();
                for (int g = 0; g < p.stages(); g++) {
                    assertEquals(value, p.hidden(g, x));
                    sum += p.logProb(logits, 0, g, x);
                    double[] probs = new double[p.choices(g)];
                    p.choiceProbabilities(logits, 0, g, value, 1f, probs);
                    assertEquals(Math.exp(p.logProb(logits, 0, g, x)), probs[p.choiceOf(g, x)], 1e-5, "choice distribution = logProb");
                    value = p.valueAfter(g, value, p.choiceOf(g, x));
                    assertEquals(p.revealed(g, x), value);
                }
                assertEquals(x, value);
                assertEquals(Logits.logProb(logits, 0, kb[0], x), sum, 1e-4, "K=" + kb[0] + " b=" + kb[1] + " x=" + x);
            }
        }
    }

    /**
     * With a mixture head (θ a discretized mixture of logistics) the stages telescope to the mixture's log p(x), the
     * choice distributions agree with logProb, coding round-trips, and the loss is −logProb with logProb's gradient.
     */
    @Test
    void aMixtureHeadTelescopesCodesAndTrainsThroughItsRangeMasses() {
        int d = 6, mixtures = 3;
        for (int[] kb : new int[][] {{256, 4}, {256, 16}, {10, 3}}) {
            LogisticMixture head = new LogisticMixture(mixtures, kb[0]);
            UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(kb[0], kb[1]), head);
            assertEquals(3 * mixtures, p.logitsPerPosition());
            SplittableRandom r = new SplittableRandom(kb[1]);
            float[] out = new float[3 * mixtures];
            for (int i = 0; i < out.length; i++) out[i] = (float) (r.nextGaussian() * (i < 2 * mixtures ? 1 : 0.5) - (i >= 2 * mixtures ? 2 : 0));
            for (int x = 0; x < kb[0]; x += kb[0] > 16 ? 7 : 1) {
                double sum = 0;
                for (int g = 0; g < p.stages(); g++) {
                    sum += p.logProb(out, 0, g, x);
                    double[] probs = new double[p.choices(g)];
                    p.choiceProbabilities(out, 0, g, p.hidden(g, x), 1f, probs);
                    assertEquals(Math.exp(p.logProb(out, 0, g, x)), probs[p.choiceOf(g, x)], 1e-9, "choice distribution = logProb");
                    assertEquals(1, Arrays.stream(probs).sum(), 1e-12);
                }
                assertEquals(head.logProb(out, 0, x), sum, 1e-9, "K=" + kb[0] + " b=" + kb[1] + " x=" + x);
            }

            int[] x = assertCodingRoundTrips(p, d, r);

            int[] targets = {x[0], x[1]};
            Tape tape = Tape.training();
            Tensor logits = Tensor.parameter(1, 2, 3 * mixtures);
            for (int i = 0; i < logits.data.length; i++) logits.data[i] = (float) r.nextGaussian();
            float[] rowNll = new float[2];
            UpscaleProcess one = new UpscaleProcess(2, ZeroLeastSignificant.of(kb[0], kb[1]), head);
            int[] global = {(one.stages() - 1) * 2};
            Tensor loss = one.loss(tape, logits, global, targets, new float[] {1.5f, 0f}, rowNll);
            int stage = one.stages() - 1;
            assertEquals(-1.5 * one.logProb(logits.data, 0, stage, targets[0]), loss.data[0], 1e-4);
            tape.backward(loss);
            for (int i = 0; i < 3 * mixtures; i++) {
                float keep = logits.data[i], h = 1e-2f;
                logits.data[i] = keep + h;
                double up = one.logProb(logits.data, 0, stage, targets[0]);
                logits.data[i] = keep - h;
                double down = one.logProb(logits.data, 0, stage, targets[0]);
                logits.data[i] = keep;
                double numeric = -1.5 * (up - down) / ((double) (keep + h) - (double) (keep - h));
                assertEquals(numeric, logits.grad()[i], 3e-3 * Math.max(1, Math.abs(numeric)), "output " + i);
                assertEquals(0, logits.grad()[3 * mixtures + i], "a position of weight 0 gets no gradient");
            }
        }
    }

    /** Codes a random datum with an input-dependent network in random orders, decodes it back, and returns it. */
    private static int[] assertCodingRoundTrips(UpscaleProcess p, int d, SplittableRandom r) {
        InputDependentNetwork net = new InputDependentNetwork(d, p.logitsPerPosition());
        Order[] orders = new Order[p.stages()];
        for (int g = 0; g < orders.length; g++) orders[g] = Order.random(d, r);
        ArdmCoder coder = new ArdmCoder(net, p, orders, StagePolicies.naive(p.stages(), d, 3), Categorical.DEFAULT_PRECISION, 0, 8);
        int[] x = new int[d];
        for (int j = 0; j < d; j++) x[j] = r.nextInt(p.classes());
        byte[] payload = coder.encode(x, d);
        RansDecoder dec = new RansDecoder(payload, (long) d * p.stages());
        assertArrayEquals(x, coder.decode(dec, d), "K=" + p.classes() + " b=" + p.choices(0));
        dec.finish();
        return x;
    }

    @Test
    void blockCrossEntropyGradients() {
        Tensor logits = GradCheck.randomize(Tensor.parameter(4, 8), 21, 2f);
        BlockCrossEntropy.Blocks blocks = new BlockCrossEntropy.Blocks(new int[] {4, 0, 2, 7}, new int[] {2, 1, 2, 1},
                new int[] {4, 0, 0, 0}, new int[] {4, 8, 4, 8});
        float[] weights = {1f, 0.5f, 0f, 2f};
        GradCheck.check("block cross-entropy", tape -> BlockCrossEntropy.apply(tape, logits, blocks, weights, null), logits);
        float[] rowNll = new float[4];
        BlockCrossEntropy.apply(Tape.inference(), logits, blocks, weights, rowNll);
        assertEquals(-Logits.logProb(logits.data, 8, 8, 0), rowNll[1], 1e-5, "one class in the whole row: plain cross-entropy");
    }

    /** Logits that depend on what the network is shown (values, mask, step), so a wrong input changes the result. */
    static final class InputDependentNetwork implements ArdmNetwork {
        final int d, k;

        InputDependentNetwork(int d, int k) {
            this.d = d;
            this.k = k;
        }

        @Override public Tensor logits(Tape tape, StepInput in) {
            Tensor out = Tensor.zeros(in.batch(), d, k);
            for (int b = 0; b < in.batch(); b++) {
                for (int j = 0; j < d; j++) {
                    int neighbour = b * d + (j + 1) % d;
                    for (int c = 0; c < k; c++) {
                        out.data[(b * d + j) * k + c] = (float) (2 * Math.sin(1.3 * c + 0.7 * in.values()[neighbour] + 0.9 * j
                                + (in.revealed()[b * d + j] ? 0.4 : 0) + 0.011 * in.steps()[b]));
                    }
                }
            }
            return out;
        }

        @Override public int length() { return d; }
        @Override public int classes() { return k; }
    }

    @Test
    void codingRoundTripsEveryStageAndCostsTheExactLikelihood() {
        int d = 12;
        for (int[] kb : new int[][] {{16, 4}, {10, 3}, {8, 2}}) {
            UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(kb[0], kb[1]));
            InputDependentNetwork net = new InputDependentNetwork(d, kb[0]);
            SplittableRandom r = new SplittableRandom(kb[0]);
            Order[] orders = new Order[p.stages()];
            for (int g = 0; g < orders.length; g++) orders[g] = Order.random(d, r);
            for (StagePolicies policies : List.of(StagePolicies.sequential(p.stages(), d), StagePolicies.naive(p.stages(), d, 4))) {
                ArdmCoder coder = new ArdmCoder(net, p, orders, policies, Categorical.DEFAULT_PRECISION, 0, 8);
                for (int length : new int[] {d, 7}) {
                    int[] x = new int[d];
                    for (int j = 0; j < length; j++) x[j] = r.nextInt(kb[0]);
                    byte[] payload = coder.encode(x, length);
                    RansDecoder dec = new RansDecoder(payload, (long) length * p.stages());
                    assertArrayEquals(Arrays.copyOf(x, length), coder.decode(dec, length), "K=" + kb[0] + " b=" + kb[1] + " length " + length);
                    dec.finish();
                }
                double ideal = 0;
                RansEncoder enc = new RansEncoder();
                for (int i = 0; i < 30; i++) {
                    int[] x = new int[d];
                    for (int j = 0; j < d; j++) x[j] = r.nextInt(kb[0]);
                    ideal += Likelihood.exactBits(net, p, x, orders, policies, 8) * d;
                    coder.encode(x, d, enc);
                }
                // Within quantisation (24-bit frequencies) and the stream's cold start of the exact likelihood, either way.
                assertEquals(ideal, enc.compressedBits(), ideal * 0.002 + 64, "the coder pays the exact likelihood");
            }
        }
    }

    @Test
    void samplingAndInfillingStayInTheDataClassesAndKeepWhatIsKnown() {
        int d = 10;
        UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(16, 4));
        InputDependentNetwork net = new InputDependentNetwork(d, 16);
        Generation.Result s = Generation.sample(net, p, 3, StagePolicies.naive(2, d, 3), 1f, new SplittableRandom(5));
        assertEquals(6, s.networkCalls(), "3 calls per stage, 2 stages");
        assertTrue(Arrays.stream(s.values()).allMatch(v -> v >= 0 && v < 16));
        int[] values = {3, 15, 0, 0, 9, 0, 0, 0, 12, 1};
        boolean[] known = {true, true, false, false, true, false, false, false, true, true};
        int[] filled = Generation.infill(net, p, values, known, 1, StagePolicies.sequential(2, d), 1f, new SplittableRandom(6)).values();
        for (int j = 0; j < d; j++) if (known[j]) assertEquals(values[j], filled[j], "known position " + j);
    }

    @Test
    void upscalingKeepsTheEarlierStagesDigitsAndRunsOnlyTheLaterStages() {
        int d = 10;
        UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(64, 4)); // 3 stages, digits of 16, 4 and 1
        InputDependentNetwork net = new InputDependentNetwork(d, 64);
        int[] values = new int[2 * d];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < values.length; i++) values[i] = r.nextInt(64);
        for (int from = 1; from < 3; from++) {
            Generation.Result g = Generation.upscale(net, p, values, from, 2, StagePolicies.naive(3, d, 2), 1f, new SplittableRandom(8), (stage, x) -> { });
            assertEquals(2 * (3 - from), g.networkCalls(), "2 calls in each of stages " + from + "..2");
            int block = p.transitions().blockSize(from - 1);
            int differ = 0;
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i] / block, g.values()[i] / block, "position " + i + " keeps its digits of stages < " + from);
                if (g.values()[i] != values[i]) differ++;
            }
            assertTrue(differ > 0, "the later digits are sampled, not copied");
        }
        assertThrows(IllegalArgumentException.class, () -> Generation.upscale(net, p, values, 3, 2, StagePolicies.naive(3, d, 2), 1f,
                new SplittableRandom(8), (stage, x) -> { }));
    }

    /** The training loss per position is −log p of the stage's target, as logProb scores it. */
    @Test
    void trainingLossAgreesWithLogProbAtEveryStage() {
        int d = 8;
        UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(16, 2));
        InputDependentNetwork net = new InputDependentNetwork(d, 16);
        ArdmObjective objective = new ArdmObjective(p, 0, StepSampler.UNIFORM);
        SplittableRandom r = new SplittableRandom(8);
        int batch = 4;
        int[] data = new int[batch * d];
        for (int i = 0; i < data.length; i++) data[i] = r.nextInt(16);
        Order[] orders = new Order[batch];
        for (int b = 0; b < batch; b++) orders[b] = Order.random(d, r);
        int[] steps = {0, d + 3, 2 * d + 7, 3 * d + 1};
        Objective.Batch bt = objective.prepare(data, orders, steps);
        Tensor logits = net.logits(Tape.inference(), bt.input());
        float[] rowNll = new float[data.length];
        objective.loss(Tape.inference(), logits, bt, rowNll);
        for (int i = 0; i < data.length; i++) {
            int stage = steps[i / d] / d;
            double want = bt.weights()[i] == 0f ? 0 : -p.logProb(logits.data, i * 16, stage, data[i]);
            assertEquals(want, rowNll[i], 1e-4, "position " + i);
            assertEquals(bt.input().revealed()[i] ? p.revealed(stage, data[i]) : p.hidden(stage, data[i]), bt.input().values()[i]);
        }
    }

    /** Direct parametrization (spec §3.4): stage g reads a softmax over its own b logits; the stages multiply to a distribution over K. */
    @Test
    void directStagesReadTheirOwnLogitsAndMultiplyToADistribution() {
        for (int[] kb : new int[][] {{16, 4}, {10, 3}, {65536, 256}}) {
            UpscaleProcess p = new UpscaleProcess(1, ZeroLeastSignificant.of(kb[0], kb[1]), true);
            int s = p.stages(), b = kb[1];
            assertEquals(s * b, p.logitsPerPosition());
            float[] logits = new float[s * b];
            SplittableRandom r = new SplittableRandom(kb[0]);
            for (int i = 0; i < logits.length; i++) logits[i] = (float) (3 * r.nextDouble() - 1.5);
            double[] probs = new double[b];
            p.choiceProbabilities(logits, 0, s - 1, 0, 1f, probs);
            double z = 0;
            for (int c = 0; c < b; c++) z += Math.exp(logits[(s - 1) * b + c]);
            assertEquals(Math.exp(logits[(s - 1) * b + 1]) / z, probs[1], 1e-6, "the last stage's softmax from 0 (every digit valid)");
            if (kb[0] > 4096) continue;
            double total = 0;
            for (int x = 0; x < kb[0]; x++) {
                double logP = 0;
                for (int g = 0; g < s; g++) {
                    logP += p.logProb(logits, 0, g, x);
                    p.choiceProbabilities(logits, 0, g, p.hidden(g, x), 1f, probs);
                    assertEquals(Math.exp(p.logProb(logits, 0, g, x)), probs[p.choiceOf(g, x)], 1e-6, "choice and logProb agree");
                }
                total += Math.exp(logP);
            }
            assertEquals(1, total, 1e-5, "K=" + kb[0] + " b=" + b + ": Σ over the data classes (digits past K get no mass)");
        }
        // K = 10, b = 3: from 9 the first stage's block (9..17) holds only 9, so digit 0 is certain.
        UpscaleProcess ten = new UpscaleProcess(1, ZeroLeastSignificant.of(10, 3), true);
        double[] probs = new double[3];
        ten.choiceProbabilities(new float[] {0, 5, 9, 1, 1, 1, 2, 2, 2}, 0, 1, 9, 1f, probs);
        assertArrayEquals(new double[] {1, 0, 0}, probs, 1e-12);
    }

    @Test
    void directCodingRoundTripsAndTheLossIsLogProb() {
        int d = 9;
        for (int[] kb : new int[][] {{16, 4}, {10, 3}}) {
            UpscaleProcess p = new UpscaleProcess(d, ZeroLeastSignificant.of(kb[0], kb[1]), true);
            InputDependentNetwork net = new InputDependentNetwork(d, p.logitsPerPosition());
            SplittableRandom r = new SplittableRandom(kb[1]);
            assertCodingRoundTrips(p, d, r);

            ArdmObjective objective = new ArdmObjective(p, 0, StepSampler.UNIFORM);
            int[] steps = new int[p.stages()];
            for (int g = 0; g < steps.length; g++) steps[g] = g * d + r.nextInt(d);
            int[] data = new int[steps.length * d];
            for (int i = 0; i < data.length; i++) data[i] = r.nextInt(kb[0]);
            Order[] batchOrders = new Order[steps.length];
            for (int i = 0; i < steps.length; i++) batchOrders[i] = Order.random(d, r);
            Objective.Batch bt = objective.prepare(data, batchOrders, steps);
            Tensor logits = net.logits(Tape.inference(), bt.input());
            float[] rowNll = new float[data.length];
            objective.loss(Tape.inference(), logits, bt, rowNll);
            for (int i = 0; i < data.length; i++) {
                int stage = steps[i / d] / d;
                double want = bt.weights()[i] == 0f ? 0 : -p.logProb(logits.data, i * p.logitsPerPosition(), stage, data[i]);
                assertEquals(want, rowNll[i], 1e-4, "position " + i);
            }
        }
    }
}
