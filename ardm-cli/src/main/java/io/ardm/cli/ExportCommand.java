package io.ardm.cli;

import io.ardm.nn.Checkpoint;
import io.ardm.run.RunCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm export}: a run's checkpoint reduced to what inference needs (how the bundled models are made). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an inference-only copy of a run's checkpoint.",
                "%nKeeps the config, the EMA weights, the loss components (the DP policies come from them) and the coding "
                        + "order; drops the live weights and the optimiser state, so the copy samples, evaluates and "
                        + "compresses but cannot resume training. --half stores the weights as IEEE float16 (half the size "
                        + "again); its fingerprint covers the rounded weights, so files compressed with the full-precision "
                        + "model need that model."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A run's checkpoint.")
    Path from;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (replaced atomically).")
    Path to;

    @Option(names = "--half", description = "Store the weights as float16.")
    boolean half;

    @Override
    public Integer call() throws Exception {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT must differ from CHECKPOINT (the run's training state would be lost)");
        }
        RunCheckpoint.exportForInference(from, to, half);
        System.out.printf("%s: %,d bytes -> %s: %,d bytes (%s weights), fingerprint %s%n", from, Files.size(from), to, Files.size(to),
                half ? "float16" : "float32", Checkpoint.hex(RunCheckpoint.loadForInference(to).fingerprint()).substring(0, 16));
        return 0;
    }
}
