package io.ardm.cli;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import picocli.CommandLine.Option;

/** {@code --split}, {@code --segments} and {@code --every}: which held-out D-symbol segments a scoring command reads. */
final class HeldOutOption {
    @Option(names = "--split", defaultValue = "test", description = "train, valid or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--segments", description = "Only the first N segments (default: all).")
    Integer segments;

    @Option(names = "--every", defaultValue = "1", paramLabel = "K",
            description = "Every K-th segment of the split (0, K, 2K, …; then --segments caps the count): a sample spread over "
                    + "the whole split, where the first N segments may all come from one voice, picture or text. Default: ${DEFAULT-VALUE}.")
    int every;

    /** The chosen segments of the split, [n, D]; a split without one is a one-line error. */
    int[] read(Dataset dataset, int d) {
        if (every < 1) throw new IllegalArgumentException("--every must be >= 1, got " + every);
        Dataset.Split s = Modality.split(split);
        int available = (dataset.segmentCount(s, d) + every - 1) / every;
        int n = segments == null ? available : Math.min(segments, available);
        if (n < 1) throw new IllegalArgumentException("the " + split + " split has no " + d + "-symbol segment");
        if (every == 1) return dataset.segments(s, d, 0, n);
        int[] x = new int[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(dataset.segments(s, d, i * every, 1), 0, x, i * d, d);
        return x;
    }
}
