package io.ardm.cli;

import io.ardm.ardm.Policy;
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
        return policies(model, model.length());
    }

    /** The same with another budget where none is given (capped at D). */
    StagePolicies policies(LoadedModel model, int defaultBudget) {
        int b = checked(model, Math.min(defaultBudget, model.length()));
        return switch (kind) {
            case "dp" -> model.policies(b);
            case "naive" -> StagePolicies.naive(model.process().stages(), model.length(), b);
            default -> throw new IllegalArgumentException("--policy must be dp or naive, got '" + kind + "'");
        };
    }

    /** The policies for filling in a datapoint with {@code known} given positions: the budget goes to the others only. */
    StagePolicies infillPolicies(LoadedModel model, int known) {
        int b = checked(model, model.length());
        int unknown = model.length() - known;
        return switch (kind) {
            case "dp" -> model.infillPolicies(b, known);
            case "naive" -> b >= unknown ? StagePolicies.sequential(model.process().stages(), model.length())
                    : StagePolicies.of(java.util.Collections.nCopies(model.process().stages(), Policy.naive(unknown, b).after(known)).toArray(Policy[]::new));
            default -> throw new IllegalArgumentException("--policy must be dp or naive, got '" + kind + "'");
        };
    }

    private int checked(LoadedModel model, int defaultBudget) {
        int d = model.length();
        int b = budget == null ? defaultBudget : budget;
        if (b < 1 || b > d) throw new IllegalArgumentException("--budget must be between 1 and D=" + d + ", got " + b);
        return b;
    }
}
