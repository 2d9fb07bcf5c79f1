package io.ardm.cli;

import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Dataset;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm coding-order}: pick the compressor's fixed order among a few random ones (spec §5.1). */
@Command(name = "coding-order", mixinStandardHelpOptions = true,
        description = {"Choose the compressor's fixed coding order.",
                "%nTo avoid an unlucky order, evaluates the exact code length of the current order and --tries random orders "
                        + "on training segments (with the --budget policy); --save stores the best in the checkpoint. That changes "
                        + "the model's coding fingerprint: keep a copy of the old checkpoint to decompress files made with it."})
final class CodingOrderCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin DataOption data;

    @Option(names = "--tries", defaultValue = "5", description = "Random orders to compare. Default: ${DEFAULT-VALUE}.")
    int tries;

    @Option(names = "--segments", defaultValue = "20", description = "Training segments per order. Default: ${DEFAULT-VALUE}.")
    int segments;

    @Option(names = {"-b", "--budget"}, defaultValue = "50", description = "Policy budget for the comparison. Default: ${DEFAULT-VALUE}.")
    int budget;

    @Option(names = "--save", description = "Store the best order in the checkpoint (only if strictly better than the current one).")
    boolean save;

    @Override
    public Integer call() throws Exception {
        if (tries < 1 || segments < 1) throw new IllegalArgumentException("--tries and --segments must be >= 1");
        LoadedModel m = model.loadArdm();
        int d = m.network().length();
        Dataset dataset = data.load(m.modality());
        int n = Math.min(segments, dataset.segmentCount(Dataset.Split.TRAIN, d));
        if (n < 1) throw new IllegalArgumentException("the training split has no " + d + "-char segment");
        int stride = dataset.segmentCount(Dataset.Split.TRAIN, d) / n;
        StagePolicies policies = m.policies(budget);
        long best = -1;
        double bestBits = Double.POSITIVE_INFINITY;
        java.util.SortedSet<Long> candidates = new java.util.TreeSet<>();
        candidates.add(m.codingOrderSeed());
        for (long seed = 0; candidates.size() <= tries; seed++) candidates.add(seed);
        for (long seed : candidates) {
            LoadedModel candidate = m.withCodingOrderSeed(seed);
            double bits = 0;
            for (int i = 0; i < n; i++) {
                int[] x = dataset.segments(Dataset.Split.TRAIN, d, i * stride, 1);
                bits += candidate.exactBits(x, policies, 25) / n;
            }
            System.out.printf("order seed %d: %.4f %s%s%n", seed, bits, m.modality().bitsUnit(), seed == m.codingOrderSeed() ? " (current)" : "");
            if (bits < bestBits || bits == bestBits && seed == m.codingOrderSeed()) {
                bestBits = bits;
                best = seed;
            }
        }
        System.out.printf("best: seed %d (%.4f %s on %d training segments, %d-call policy)%n", best, bestBits, m.modality().bitsUnit(), n, policies.networkCalls());
        if (best == m.codingOrderSeed()) {
            System.out.println("the current order is the best; nothing to store");
        } else if (save) {
            RunCheckpoint.storeCodingOrderSeed(model.path(), best);
            System.out.println("stored in " + model.path() + " (files compressed before need the previous checkpoint)");
        } else {
            System.out.println("(not stored; --save writes it into the checkpoint)");
        }
        return 0;
    }
}
