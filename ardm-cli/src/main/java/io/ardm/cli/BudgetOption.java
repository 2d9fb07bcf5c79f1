package io.ardm.cli;

import io.ardm.ardm.StagePolicies;
import io.ardm.run.LoadedModel;
import picocli.CommandLine.Option;

/** {@code --budget B} and {@code --policy dp|naive}: how many network calls generation or coding may use. */
final class BudgetOption {
    @Option(names = {"-b", "--budget"}, paramLabel = "B",
            description = "Network calls (parallel steps); default: D, one step per position (the sequential ARDM).")
    Integer budget;

    @Option(names = "--policy", defaultValue = "dp", paramLabel = "dp|naive",
            description = "How to place the B steps: dp = optimal by dynamic programming on the model's loss components "
                    + "(spec §4.4), naive = evenly spaced. Default: ${DEFAULT-VALUE}.")
    String kind;

    /** Every stage's policy with the budget (per stage). */
    StagePolicies policies(LoadedModel model) {
        int d = model.length();
        int b = budget == null ? d : budget;
        if (b < 1 || b > d) throw new IllegalArgumentException("--budget must be between 1 and D=" + d + ", got " + b);
        return switch (kind) {
            case "dp" -> model.policies(b);
            case "naive" -> StagePolicies.naive(model.process().stages(), d, b);
            default -> throw new IllegalArgumentException("--policy must be dp or naive, got '" + kind + "'");
        };
    }
}
