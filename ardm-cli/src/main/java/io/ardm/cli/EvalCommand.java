package io.ardm.cli;

import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.run.Evaluation;
import io.ardm.run.BundledModels;
import io.ardm.run.InfillEvaluation;
import io.ardm.run.LoadedModel;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm eval}: bits per character on held-out text. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Bits per symbol (character or byte) of a trained model on held-out data.",
                "%nReports the stochastic ELBO over D-symbol segments (a random order and step per segment, several passes, "
                        + "± standard error; spec §2.3) and, with --exact, the exact negative log-likelihood for one fixed order "
                        + "(what the compressor pays). With --budget B both use a B-step parallel policy."})
final class EvalCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin DataOption data;
    @Mixin BudgetOption budget;

    @Mixin HeldOutOption heldOut;

    @Option(names = "--passes", defaultValue = "4", description = "ELBO passes over the segments. Default: ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--exact", description = "Also compute the exact fixed-order NLL (D network calls per segment at budget D).")
    boolean exact;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for orders and steps. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--table", description = "Print a markdown table of the parallel ELBO at budgets 1, 5, 10, 20, 50, 100 and D "
            + "for the DP and the naive policy (same orders and steps for both).")
    boolean table;

    @Option(names = "--infill", paramLabel = "FRACTION",
            description = "Score infilling instead: blank this fraction of each segment's positions at random (e.g. 0.15) and "
                    + "report the greedy fill's accuracy and the exact bits per blank given the rest (order-agnostic models).")
    Double infill;

    @Option(names = "--baseline", paramLabel = "NAME|CHECKPOINT",
            description = "With --infill: also the bits a left-to-right model pays for the same blanks, given the true text before each.")
    String baseline;

    @Option(names = "--length", paramLabel = "N",
            description = "Score datapoints of N positions instead of the model's D (a WaveNet speech model trained on crops: "
                    + "16000 reads whole 1-s clips, its steps mapped onto the trained ones in proportion).")
    Integer length;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = model.load();
        if (length != null) m = m.atLength(length);
        int d = m.network().length();
        int[] x = heldOut.read(data.load(m.modality()), d);
        int n = x.length / d;
        SplittableRandom rng = new SplittableRandom(seed);
        if (m.config().leftToRight()) {
            if (budget.budget != null || exact || table || infill != null) {
                throw new IllegalArgumentException("--budget, --exact, --table and --infill apply to order-agnostic models; a left-to-right model's NLL is exact already");
            }
            Likelihood.Estimate e = Evaluation.estimate(m.network(), m.config().objective(), x, 16, rng);
            System.out.printf("%s, %d segments, left-to-right baseline: exact NLL %.4f ± %.4f %s%n", heldOut.split, n, e.bitsPerDim(), e.standardError(), m.modality().bitsUnit());
            return 0;
        }
        if (table) {
            printTable(m, x, n);
            return 0;
        }
        if (infill != null) {
            printInfill(m, x, n, rng);
            return 0;
        }
        StagePolicies policies = budget.policies(m);
        Likelihood.Estimate e = Likelihood.stochasticElbo(m.network(), m.process(), x, n, policies, passes, 16, seed);
        System.out.printf("%s, %d segments × %d passes, %d-step %s policy: ELBO %.4f ± %.4f %s%n",
                heldOut.split, n, passes, policies.networkCalls(), budget.kind, e.bitsPerDim(), e.standardError(), m.modality().bitsUnit());
        if (exact) {
            double[] bits = new double[n];
            for (int i = 0; i < n; i++) bits[i] = m.exactBits(java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d), policies, 32);
            Likelihood.Estimate nll = Likelihood.Estimate.of(bits);
            // Both estimate E_σ[−log2 p(x|σ)]/D on these segments. Their errors are combined as if independent, which
            // overstates the gap's error (both move with the same segments' difficulty): a conservative check.
            System.out.printf("exact NLL in the compressor's coding order: %.4f ± %.4f %s (± over segments); "
                            + "ELBO − NLL = %+.4f ± %.4f%n", nll.bitsPerDim(), nll.standardError(), m.modality().bitsUnit(), e.bitsPerDim() - nll.bitsPerDim(),
                    Math.hypot(e.standardError(), nll.standardError()));
        }
        return 0;
    }

    private void printInfill(LoadedModel m, int[] x, int n, SplittableRandom rng) throws java.io.IOException {
        if (!(infill > 0 && infill < 1)) throw new IllegalArgumentException("--infill must be a fraction in (0, 1), got " + infill);
        LoadedModel ltr = baseline == null ? null : BundledModels.load(baseline);
        if (ltr != null && (!ltr.leftToRight() || !ltr.modality().id().equals(m.modality().id()))) {
            throw new IllegalArgumentException(baseline + " is not a left-to-right " + m.modality().id() + " model");
        }
        int d = m.length();
        int blanks = Math.max(1, (int) Math.round(infill * d));
        InfillEvaluation.Result r = InfillEvaluation.run(m, ltr, x, n, blanks, rng);
        String unit = "bits per blanked " + m.modality().symbolName();
        System.out.printf("%s, %d segments, %d of %d positions blanked at random in each: greedy fill accuracy %.2f %%; %s %s "
                + "(exact, given the rest)%n", heldOut.split, n, blanks, d, 100 * r.accuracy(), format(r.bitsPerBlank()), unit);
        if (ltr != null) {
            System.out.printf("left-to-right %s, given only the text before each blank: %.4f %s; order-agnostic − left-to-right %s (paired)%n",
                    baseline, r.baselineBitsPerBlank(), unit, format(r.baselineGap()));
        }
    }

    private static String format(Likelihood.Estimate e) {
        return String.format("%.4f ± %.4f", e.bitsPerDim(), e.standardError());
    }

    private void printTable(LoadedModel m, int[] x, int n) {
        int d = m.network().length();
        System.out.printf("%s split, %d segments × %d passes; parallel ELBO in %s (± standard error)%n%n", heldOut.split, n, passes,
                "bits per " + m.modality().symbolName());
        System.out.println("| budget (network calls) | DP policy | naive policy | DP − naive (paired) |");
        System.out.println("|---:|---:|---:|---:|");
        for (int b : new int[] {1, 5, 10, 20, 50, 100, d}) {
            if (b > d) continue;
            // Equal seeds: both policies see the same σ and t per term, so the difference is estimated pairwise.
            StagePolicies naivePolicies = StagePolicies.naive(m.process().stages(), d, b);
            double[] dp = Likelihood.stochasticElboSamples(m.network(), m.process(), x, n, m.policies(b), passes, 16, seed);
            double[] naive = Likelihood.stochasticElboSamples(m.network(), m.process(), x, n, naivePolicies, passes, 16, seed);
            double[] difference = new double[dp.length];
            for (int i = 0; i < dp.length; i++) difference[i] = dp[i] - naive[i];
            System.out.printf("| %d | %s | %s | %s |%n", b, format(Likelihood.Estimate.of(dp)), format(Likelihood.Estimate.of(naive)),
                    format(Likelihood.Estimate.of(difference)));
        }
    }
}
