package io.ardm.cli;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import picocli.CommandLine.Option;

/** {@code --split} and {@code --segments}: which held-out D-symbol segments a scoring command reads. */
final class HeldOutOption {
    @Option(names = "--split", defaultValue = "test", description = "train, valid or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--segments", description = "Only the first N segments (default: all).")
    Integer segments;

    /** The first N (or all) segments of the split, [n, D]; a split without one is a one-line error. */
    int[] read(Dataset dataset, int d) {
        Dataset.Split s = Modality.split(split);
        int available = dataset.segmentCount(s, d);
        int n = segments == null ? available : Math.min(segments, available);
        if (n < 1) throw new IllegalArgumentException("the " + split + " split has no " + d + "-symbol segment");
        return dataset.segments(s, d, 0, n);
    }
}
