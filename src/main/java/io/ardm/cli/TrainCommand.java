package io.ardm.cli;

import io.ardm.ardm.StepSampler;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.run.RunConfig;
import io.ardm.run.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm train}: trains a text OA-ARDM. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an order-agnostic ARDM on text8-style text or on bytes.",
                "%nA bidirectional transformer learns to predict every absorbed position from the shown ones, for random "
                        + "orders and steps (spec §2.2). Writes RUN/checkpoint.ardm (every checkpointEvery steps), "
                        + "RUN/metrics.jsonl and RUN/bpc.png; --resume continues exactly where the checkpoint stopped."})
final class TrainCommand implements Callable<Integer> {
    @Mixin DataOption data;

    @Option(names = "--modality", defaultValue = "text8", paramLabel = "NAME",
            description = "What the model reads: text8 (a-z and space, 28 classes) or bytes (any byte sequence, 256 classes). "
                    + "Default: ${DEFAULT-VALUE}. A --config file names its own.")
    String modality;

    @Option(names = "--preset", defaultValue = "tiny", paramLabel = "NAME",
            description = "Model and optimiser preset: tiny (minutes), small (2 h on 2 cores), base, paper. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE.json", description = "A full run config as JSON (overrides --preset); --print-config shows the format.")
    Path configFile;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (default: runs/<preset>).")
    Path runDir;

    @Option(names = "--steps", description = "Training steps (overrides the preset; the learning-rate decay keeps its share of the run).")
    Integer steps;

    @Option(names = "--batch", description = "Batch size (overrides the preset).")
    Integer batch;

    @Option(names = "--step-sampler", paramLabel = "NAME",
            description = "How training draws the step t: UNIFORM (the paper), ANTITHETIC (stratified), BELL (mostly middle steps, "
                    + "a reweighted objective; the default of every preset but paper) or BELL_WEIGHTED (middle steps, importance-weighted "
                    + "to the same bound). Overrides the preset.")
    StepSampler stepSampler;

    @Option(names = "--seed", description = "Seed for initialisation, data order, orders and steps.")
    Long seed;

    @Option(names = "--time-limit", paramLabel = "MINUTES",
            description = "Stop (with a checkpoint and a final evaluation) after this much wall time; --resume continues.")
    Double timeLimitMinutes;

    @Option(names = "--left-to-right",
            description = "Train the single-order baseline instead: the same transformer made causal, predicting the next character.")
    boolean leftToRight;

    @Option(names = "--alibi",
            description = "Add ALiBi distance biases to attention (not in the paper): the model uses its neighbours much sooner.")
    boolean alibi;

    @Option(names = "--resume", description = "Continue the run in --run from its checkpoint.")
    boolean resume;

    @Option(names = "--force", description = "Start over in a --run directory that already holds a checkpoint.")
    boolean force;

    @Option(names = "--no-progress", description = "No progress bar (there is one only when a terminal shows the output).")
    boolean noProgress;

    @Option(names = "--print-config", description = "Print the resolved run config as JSON and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        RunConfig config = configFile != null
                ? io.ardm.run.RunConfigs.read(configFile)
                : RunConfig.preset(preset, Modalities.of(modality));
        RunConfig.Training t = config.training();
        if (steps != null) t = t.withSteps(steps);
        if (batch != null) t = t.withBatch(batch);
        if (seed != null) t = t.withSeed(seed);
        if (stepSampler != null) t = t.withStepSampler(stepSampler);
        config = config.withTraining(t);
        if (leftToRight) config = config.asLeftToRight();
        if (alibi) config = config.withAlibi();
        if (printConfig) {
            System.out.println(io.ardm.run.RunConfigs.toJson(config));
            return 0;
        }
        String name = (configFile != null ? "custom" : preset) + (config.modality().equals(Modalities.TEXT8.id()) ? "" : "-" + config.modality());
        Path dir = runDir != null ? runDir : Path.of("runs", name + (leftToRight ? "-ltr" : ""));
        if (resume && !Files.exists(dir.resolve(Trainer.CHECKPOINT))) {
            throw new IllegalArgumentException("nothing to resume: " + dir.resolve(Trainer.CHECKPOINT) + " does not exist");
        }
        Dataset dataset = data.load(config.data());
        Trainer trainer = new Trainer(config, dataset, dir, System.err, !noProgress && Terminal.interactive());
        if (force) trainer.overwriting();
        Trainer.Summary s = trainer.train(resume, timeLimitMinutes == null ? Double.POSITIVE_INFINITY : timeLimitMinutes * 60);
        System.out.printf("trained %d steps in %.0f s (%.0f tokens/s): train %.3f bpc, valid %.3f ± %.3f bpc (EMA weights)%n",
                s.steps(), s.seconds(), s.tokensPerSecond(), s.trainBits(), s.validBits(), s.validStandardError());
        System.out.println("checkpoint: " + dir.resolve(Trainer.CHECKPOINT) + "   plot: " + dir.resolve(Trainer.PLOT));
        return 0;
    }
}
