package io.ardm.cli;

import io.ardm.data.TextDataset;
import io.ardm.model.TextRunConfig;
import io.ardm.model.TextTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm train}: trains a text OA-ARDM. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an order-agnostic ARDM on text.",
                "%nA bidirectional transformer learns to predict every absorbed position from the shown ones, for random "
                        + "orders and steps (spec §2.2). Writes RUN/checkpoint.ardm (every checkpointEvery steps), "
                        + "RUN/metrics.jsonl and RUN/bpc.png; --resume continues exactly where the checkpoint stopped."})
final class TrainCommand implements Callable<Integer> {
    @Mixin DataOption data;

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

    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;

    @Option(names = "--print-config", description = "Print the resolved run config as JSON and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        TextRunConfig config = configFile != null
                ? io.ardm.model.TextRunConfigs.read(configFile)
                : TextRunConfig.preset(preset);
        TextRunConfig.Training t = config.training();
        if (steps != null) t = t.withSteps(steps);
        if (batch != null) t = t.withBatch(batch);
        if (seed != null) t = t.withSeed(seed);
        config = config.withTraining(t);
        if (leftToRight) config = config.asLeftToRight();
        if (alibi) config = new TextRunConfig(config.model().withAlibi(), config.training());
        if (printConfig) {
            System.out.println(io.ardm.model.TextRunConfigs.toJson(config));
            return 0;
        }
        Path dir = runDir != null ? runDir : Path.of("runs", (configFile != null ? "custom" : preset) + (leftToRight ? "-ltr" : ""));
        if (resume && !Files.exists(dir.resolve(TextTrainer.CHECKPOINT))) {
            throw new IllegalArgumentException("nothing to resume: " + dir.resolve(TextTrainer.CHECKPOINT) + " does not exist");
        }
        TextDataset dataset = data.load();
        TextTrainer trainer = new TextTrainer(config, dataset, dir, System.err, !noProgress);
        if (force) trainer.overwriting();
        TextTrainer.Summary s = trainer.train(resume, timeLimitMinutes == null ? Double.POSITIVE_INFINITY : timeLimitMinutes * 60);
        System.out.printf("trained %d steps in %.0f s (%.0f tokens/s): train %.3f bpc, valid %.3f ± %.3f bpc (EMA weights)%n",
                s.steps(), s.seconds(), s.tokensPerSecond(), s.trainBits(), s.validBits(), s.validStandardError());
        System.out.println("checkpoint: " + dir.resolve(TextTrainer.CHECKPOINT) + "   plot: " + dir.resolve(TextTrainer.PLOT));
        return 0;
    }
}
