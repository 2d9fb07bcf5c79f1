package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ardm sample}: unconditional text samples. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate text from a trained model.",
                "%nGenerates in a random order, one position per step (D network calls), or in parallel with --budget B "
                        + "(B calls; the DP-optimal policy by default). A left-to-right baseline samples left to right, one "
                        + "position per step with its key/value cache."})
final class SampleCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin BudgetOption budget;

    @Mixin GenerationOptions generation;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        LoadedModel m = model.load();
        if (m.leftToRight() && budget.budget != null && budget.budget != m.length()) {
            throw new IllegalArgumentException("a left-to-right model generates one position per step: --budget must be D=" + m.length());
        }
        Generation.Result r = m.leftToRight()
                ? Generation.sampleLeftToRight(m.codingNetwork(), m.process(), count, generation.temperature, rng)
                : Generation.sample(m.network(), m.process(), count, budget.policies(m), generation.temperature, rng);
        int d = m.network().length();
        for (int i = 0; i < count; i++) {
            System.out.println(m.modality().render(java.util.Arrays.copyOfRange(r.values(), i * d, (i + 1) * d), null));
        }
        System.err.printf("(%d network calls)%n", r.networkCalls());
        return 0;
    }
}
