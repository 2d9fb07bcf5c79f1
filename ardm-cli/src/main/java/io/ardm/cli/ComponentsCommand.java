package io.ardm.cli;

import io.ardm.ardm.Likelihood;
import io.ardm.ardm.LossComponents;
import io.ardm.modality.Dataset;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.report.SchedulePlot;
import io.ardm.ardm.Policy;
import io.ardm.ardm.PolicySolver;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm components}: estimate the loss components L_t with a trained model. */
@Command(name = "components", mixinStandardHelpOptions = true,
        description = {"Estimate the loss components L_t of a trained model on data.",
                "%nTraining tracks L_t as an EMA of single batch samples (spec §4.1); this command re-estimates every L_t "
                        + "with --samples datapoints each (lower variance) and, with --save, stores them in the checkpoint, "
                        + "where schedules and the compressor read them. That changes the model's coding fingerprint: keep a "
                        + "copy of the old checkpoint to decompress files made with it."})
final class ComponentsCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin DataOption data;

    @Option(names = "--split", defaultValue = "valid", description = "train, valid or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--samples", defaultValue = "32", description = "Datapoints per step. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--save", description = "Store the estimate in the checkpoint (replacing the training EMA).")
    boolean save;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot the components with the 20-step DP policy.")
    Path plot;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for the orders. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = model.loadArdm();
        Dataset dataset = data.load(m.modality());
        Dataset.Split s = io.ardm.modality.Modality.split(split);
        int d = m.network().length();
        int n = Math.min(dataset.segmentCount(s, d), Math.max(samples, 256));
        if (n < 1) throw new IllegalArgumentException("the " + split + " split has no " + d + "-char segment");
        if (samples < 1) throw new IllegalArgumentException("--samples must be >= 1");
        int[] x = dataset.segments(s, d, 0, n);
        double[] estimate;
        try (ProgressBar bar = Terminal.interactive() ? ProgressLine.builder("components", d, "steps").build() : null) {
            estimate = Likelihood.components(m.network(), m.process(), x, n, samples, 32, new SplittableRandom(seed),
                    bar == null ? done -> { } : bar::stepTo);
        }
        double[] tracked = m.components().estimate();
        System.out.printf("sum of L_t: %.4f bpc estimated here (%d samples per step), %.4f bpc tracked during training%n",
                Arrays.stream(estimate).sum(), samples, Arrays.stream(tracked).sum());
        System.out.printf("L_0 %.4f, L_%d %.4f, L_%d %.4f (bits per dimension)%n", estimate[0], d / 2, estimate[d / 2], d - 1, estimate[d - 1]);
        if (plot != null) {
            double[] sorted = PolicySolver.sortedDescending(estimate);
            Policy p20 = PolicySolver.solve(estimate, Math.min(20, d)).policy(Math.min(20, d));
            SchedulePlot.write(sorted, p20, "Loss components (" + samples + " samples per step) and the 20-step DP policy", plot);
            System.out.println("plot: " + plot);
        }
        if (save) {
            long[] counts = new long[d];
            Arrays.fill(counts, samples);
            RunCheckpoint.replaceComponents(model.path(), LossComponents.restore(estimate, counts));
            System.out.println("saved to " + model.path() + "; schedules and the compressor now use these components");
        } else {
            System.out.println("(not saved: schedules and the compressor keep using the components tracked during training)");
        }
        return 0;
    }
}
