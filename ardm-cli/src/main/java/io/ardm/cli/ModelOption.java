package io.ardm.cli;

import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: a bundled model's name or a trained checkpoint; inference always uses its EMA weights. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "NAME|CHECKPOINT",
            description = "A bundled model (`ardm models` lists them) or a checkpoint file. Default: the bundled "
                    + BundledModels.TEXT8_OA + ".")
    String model;

    boolean given() {
        return model != null;
    }

    /** The checkpoint file: the named one, or the bundled order-agnostic text8 model. */
    Path path() throws IOException {
        return BundledModels.resolve(given() ? model : BundledModels.TEXT8_OA);
    }

    /** A short name for file names and captions: the bundled name, or the checkpoint's run directory or file name. */
    String label() {
        return given() ? labelOf(model) : BundledModels.TEXT8_OA;
    }

    /** The label of a bundled name or checkpoint path (see {@link #label()}). */
    static String labelOf(String model) {
        Path p = Path.of(model);
        String file = p.getFileName() == null ? model : p.getFileName().toString();
        if (!file.endsWith(".ardm")) return file;
        Path dir = p.toAbsolutePath().getParent();
        return (file.equals("model.ardm") || file.equals("checkpoint.ardm")) && dir != null && dir.getFileName() != null
                ? dir.getFileName().toString() : file.substring(0, file.length() - ".ardm".length());
    }

    LoadedModel load() throws IOException {
        return RunCheckpoint.loadForInference(path());
    }

    /** An order-agnostic model (generation, infilling, schedules, coding). */
    LoadedModel loadArdm() throws IOException {
        return load().requireOrderAgnostic();
    }
}
