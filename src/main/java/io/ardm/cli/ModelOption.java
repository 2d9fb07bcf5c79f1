package io.ardm.cli;

import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: a trained checkpoint; inference always uses its EMA weights. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "CHECKPOINT", defaultValue = "runs/demo/checkpoint.ardm",
            description = "Trained model checkpoint (default: ${DEFAULT-VALUE}, written by `ardm demo`).")
    Path path;

    /** Any trained text model (evaluation). */
    LoadedModel load() throws IOException {
        return RunCheckpoint.loadForInference(path);
    }

    /** An order-agnostic model (generation, infilling, schedules, coding). */
    LoadedModel loadArdm() throws IOException {
        return load().requireOrderAgnostic();
    }
}
