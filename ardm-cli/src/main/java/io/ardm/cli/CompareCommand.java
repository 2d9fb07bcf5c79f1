package io.ardm.cli;

import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Modality;
import io.ardm.run.BundledModels;
import io.ardm.run.Evaluation;
import io.ardm.run.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm compare}: several models on the same held-out segments, with paired differences (ablations). */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Score several models on the same held-out segments, with paired differences to the first.",
                "%nEvery order-agnostic model draws the same σ and t for each term (equal seeds), so the difference to the "
                        + "first model is estimated pairwise, with far less noise than either ELBO: how an ablation is read. "
                        + "A left-to-right model contributes its exact NLL per segment. The models must share modality and D."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", arity = "2..*", description = "Bundled model names or checkpoint files; the first is the reference.")
    List<String> models;

    @Mixin DataOption data;

    @Mixin HeldOutOption heldOut;

    @Option(names = "--passes", defaultValue = "1", description = "ELBO passes over the segments. Default: ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for σ and t (the same for every model). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<LoadedModel> loaded = new ArrayList<>();
        for (String m : models) loaded.add(BundledModels.load(m));
        LoadedModel first = loaded.get(0);
        Modality modality = first.modality();
        for (int i = 1; i < loaded.size(); i++) {
            LoadedModel m = loaded.get(i);
            if (!m.modality().id().equals(modality.id()) || m.length() != first.length()) {
                throw new IllegalArgumentException(models.get(i) + " is a " + m.modality().id() + " model of D=" + m.length() + "; "
                        + models.get(0) + " is " + modality.id() + " with D=" + first.length());
            }
        }
        if (passes < 1) throw new IllegalArgumentException("--passes must be >= 1, got " + passes);
        int d = first.length();
        int[] x = heldOut.read(data.load(modality), d);
        int n = x.length / d;
        String unit = modality.bitsUnit();
        System.out.printf("%s split, %d segments × %d passes, equal σ and t for every order-agnostic model (%s)%n%n", heldOut.split, n, passes, unit);
        System.out.println("| model | estimate | − " + models.get(0) + " (paired) |");
        System.out.println("|---|---:|---:|");
        double[] reference = null;
        for (int i = 0; i < loaded.size(); i++) {
            double[] terms = terms(loaded.get(i), x, n);
            Likelihood.Estimate e = Likelihood.Estimate.of(terms);
            String kind = loaded.get(i).leftToRight() ? "exact NLL " : "ELBO ";
            if (reference == null) {
                reference = terms;
                System.out.printf("| %s | %s%.4f ± %.4f | — |%n", models.get(i), kind, e.bitsPerDim(), e.standardError());
            } else {
                double[] diff = new double[terms.length];
                for (int j = 0; j < diff.length; j++) diff[j] = terms[j] - reference[j];
                Likelihood.Estimate de = Likelihood.Estimate.of(diff);
                System.out.printf("| %s | %s%.4f ± %.4f | %+.4f ± %.4f |%n", models.get(i), kind, e.bitsPerDim(), e.standardError(), de.bitsPerDim(),
                        de.standardError());
            }
        }
        return 0;
    }

    /** n·passes terms, pass-major: ELBO samples with this command's seed, or the exact NLL of each segment repeated. */
    private double[] terms(LoadedModel m, int[] x, int n) {
        if (m.leftToRight()) {
            double[] exact = Evaluation.samples(m.network(), m.config().objective(), x, 16, new SplittableRandom(seed));
            double[] repeated = new double[n * passes];
            for (int p = 0; p < passes; p++) System.arraycopy(exact, 0, repeated, p * n, n);
            return repeated;
        }
        StagePolicies sequential = StagePolicies.sequential(m.process().stages(), m.length());
        return Likelihood.stochasticElboSamples(m.network(), m.process(), x, n, sequential, passes, 16, seed);
    }
}
