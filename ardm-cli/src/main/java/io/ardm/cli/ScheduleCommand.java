package io.ardm.cli;

import io.ardm.ardm.Policy;
import io.ardm.ardm.PolicySolver;
import io.ardm.ardm.StagePolicies;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.report.SchedulePlot;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm schedule}: the optimal parallel policy for a budget. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"The optimal parallel generation policy for a step budget.",
                "%nPrints the DP-optimal policy for --budget B (spec §4.4), computed from the model's loss components "
                        + "(tracked on training batches), its expected cost in bits per dimension next to the evenly spaced "
                        + "policy's, and with --plot a PNG of the components with the policy drawn over them."})
final class ScheduleCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = {"-b", "--budget"}, defaultValue = "20", description = "Network calls. Default: ${DEFAULT-VALUE}.")
    int budget;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG of the components and the policy.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = model.loadArdm();
        int d = m.length();
        int stages = m.process().stages();
        if (budget < 1 || budget > d) throw new IllegalArgumentException("--budget must be between 1 and D=" + d);
        StagePolicies policies = m.policies(budget);
        String unit = m.modality().bitsUnit();
        double[][] sortedPerStage = new double[stages][];
        Policy[] perStage = new Policy[stages];
        for (int g = 0; g < stages; g++) {
            // Each stage has its own components and policy (spec §3.6); one stage for the OA-ARDM.
            String stage = stages == 1 ? "" : "stage " + g + ": ";
            double[] sorted = PolicySolver.sortedDescending(Arrays.copyOfRange(m.components().estimate(), g * d, (g + 1) * d));
            Policy dp = policies.stage(g);
            Policy naive = Policy.naive(d, budget);
            System.out.println(stage + "policy (dp): " + Arrays.toString(dp.boundaries()));
            System.out.printf("%snetwork calls: %d (budget %d)%n", stage, dp.networkCalls(), budget);
            System.out.printf("%sexpected cost: dp %.4f %s, naive %.4f %s, all %d steps %.4f %s (from the loss components)%n",
                    stage, dp.cost(sorted), unit, naive.cost(sorted), unit, d, Policy.sequential(d).cost(sorted), unit);
            sortedPerStage[g] = sorted;
            perStage[g] = dp;
        }
        if (plot != null) {
            SchedulePlot.write(sortedPerStage, perStage, "Loss components and the " + budget + "-step DP policy"
                    + (stages == 1 ? "" : " of each of the " + stages + " stages") + " (" + model.label() + ")", plot);
            System.out.println("plot: " + plot);
        }
        return 0;
    }
}
