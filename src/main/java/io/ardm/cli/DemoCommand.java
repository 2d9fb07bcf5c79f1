package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Order;
import io.ardm.ardm.StagePolicies;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Dataset;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.RunConfig;
import io.ardm.run.Trainer;
import io.ardm.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ardm demo}: the whole pipeline on the bundled sample, in a few minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole pipeline on the bundled sample, in a few minutes.",
                "%nTrains a tiny text ARDM on the bundled public-domain sample (2 cores), evaluates it, samples "
                        + "(sequentially and with a 20-step parallel policy), fills in missing characters, and compresses and "
                        + "decompresses a held-out text file with it."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--run", defaultValue = "runs/demo", description = "Run directory (replaced on every run). Default: ${DEFAULT-VALUE}.")
    Path runDir;

    @Option(names = "--steps", description = "Training steps (default: the tiny preset's).")
    Integer steps;

    @Override
    public Integer call() throws Exception {
        RunConfig config = RunConfig.preset("tiny");
        if (steps != null) config = config.withTraining(config.training().withSteps(steps));
        Dataset data = config.data().bundledSample();
        System.out.println("== 1. train (" + data.describe() + ")");
        Trainer.Summary s = new Trainer(config, data, runDir, System.err, true).overwriting().train(false);
        System.out.printf("trained %d steps in %.0f s: valid ELBO %.3f ± %.3f bpc%n", s.steps(), s.seconds(), s.validBits(), s.validStandardError());

        LoadedModel m = RunCheckpoint.loadForInference(runDir.resolve(Trainer.CHECKPOINT));
        int d = m.network().length();
        System.out.println("== 2. evaluate (test split, 64 segments)");
        int[] test = data.segments(Dataset.Split.TEST, d, 0, 64);
        StagePolicies all = StagePolicies.sequential(1, d);
        Likelihood.Estimate elbo = Likelihood.stochasticElbo(m.network(), m.process(), test, 64, all, 4, 16, new SplittableRandom(1));
        StagePolicies p20 = m.policies(20);
        Likelihood.Estimate elbo20 = Likelihood.stochasticElbo(m.network(), m.process(), test, 64, p20, 4, 16, new SplittableRandom(1));
        double exact = Likelihood.exactBits(m.network(), m.process(), Arrays.copyOf(test, d), new Order[] {Order.random(d, new SplittableRandom(2))}, all, 50);
        System.out.printf("ELBO (%d steps) %.3f ± %.3f bpc;  ELBO (20-step DP policy) %.3f ± %.3f bpc;  exact NLL of segment 0: %.3f bpc%n",
                d, elbo.bitsPerDim(), elbo.standardError(), elbo20.bitsPerDim(), elbo20.standardError(), exact);

        System.out.println("== 3. sample");
        Generation.Result seq = Generation.sample(m.network(), m.process(), 1, all, 1f, new SplittableRandom(3));
        System.out.println("[" + seq.networkCalls() + " calls] " + m.modality().render(seq.values(), null));
        Generation.Result par = Generation.sample(m.network(), m.process(), 1, p20, 1f, new SplittableRandom(3));
        System.out.println("[" + par.networkCalls() + " calls] " + m.modality().render(par.values(), null));

        System.out.println("== 4. infill");
        String masked = "and god said let there be l_ght and there w_s li_ht and god saw the l___t that it was good";
        Generation.Result filled = InfillCommand.fill(m, masked, '_', 1, all, 1f, new SplittableRandom(4));
        System.out.println("given:  " + masked);
        System.out.println("filled: " + m.modality().render(Arrays.copyOf(filled.values(), masked.length()), null));

        System.out.println("== 5. compress and decompress a file (held-out test text, 20 network calls per 250 chars)");
        byte[] text = m.modality().toBytes(Arrays.copyOf(data.segments(Dataset.Split.TEST, 5000, 0, 1), 5000));
        Path original = runDir.resolve("sample.txt");
        Path compressed = runDir.resolve("sample.txt" + CompressCommand.SUFFIX);
        AtomicFiles.write(original, text);
        SegmentedFileCodec codec = m.fileCodec();
        long t0 = System.nanoTime();
        AtomicFiles.write(compressed, codec.compress(Files.readAllBytes(original), 20));
        long t1 = System.nanoTime();
        byte[] restored = codec.decompress(Files.readAllBytes(compressed));
        long t2 = System.nanoTime();
        long size = Files.size(compressed);
        System.out.printf("%s: %d bytes -> %s: %d bytes (%.3f bits per char), round trip %s; compress %.1f s, decompress %.1f s%n",
                original, text.length, compressed, size, 8.0 * size / text.length,
                Arrays.equals(text, restored) ? "exact" : "FAILED", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        return Arrays.equals(text, restored) ? 0 : 1;
    }
}
