package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.bench.TimedRoundTrip;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.io.AtomicFiles;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.Wav;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.image.Picture;
import io.ardm.modality.image.Png;
import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.RunConfig;
import io.ardm.run.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ardm demo}: the whole pipeline, from a model trained on the spot to the bundled ones. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole pipeline in a few minutes: train, evaluate, sample, infill, compress.",
                "%nTrains a tiny text ARDM on the bundled public-domain sample (2 cores, about 2 minutes) to show training, "
                        + "then evaluates, samples (with a 20-step parallel policy), fills in missing characters and "
                        + "round-trips a held-out text file with it and, side by side, with the bundled trained models "
                        + "(`ardm models`), so the difference a longer training makes is on screen; a bundled image model "
                        + "round-trips a picture and a bundled speech model a short sound (WAV)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--run", defaultValue = "runs/demo", description = "Run directory (replaced on every run). Default: ${DEFAULT-VALUE}.")
    Path runDir;

    @Option(names = "--steps", description = "Training steps (default: the tiny preset's).")
    Integer steps;

    private static final String MASKED = "and god said let there be l_ght and there w_s li_ht and god saw the l___t that it was good";
    private static final int EVAL_SEGMENTS = 64;
    private static final int CALLS = 20;
    /** Which D-sample segment of the speech sample's test split step 7 codes: the third of the first clip, past its onset. */
    private static final int SOUND_SEGMENT = 2;

    /** A model on show, under the name the demo prints. */
    private record Shown(String label, LoadedModel model) {}

    @Override
    public Integer call() throws Exception {
        RunConfig config = RunConfig.preset("tiny");
        if (steps != null) config = config.withTraining(config.training().withSteps(steps));
        Dataset data = config.data().bundledSample();
        System.out.println("== 1. train a tiny model (" + data.describe() + ")");
        Trainer.Summary s = new Trainer(config, data, runDir, System.err,
                new TrainingProgress(config, data, runDir, System.err, Terminal.interactive(), false)).overwriting().train(false);
        System.out.printf("trained %d steps in %.0f s: valid ELBO %.3f ± %.3f bpc%n", s.steps(), s.seconds(), s.validBits(), s.validStandardError());

        List<Shown> oa = new ArrayList<>(List.of(new Shown("just trained", RunCheckpoint.loadForInference(runDir.resolve(Trainer.CHECKPOINT)))));
        List<Shown> all = new ArrayList<>(oa);
        for (BundledModels.Named b : BundledModels.loadAll()) {
            all.add(new Shown(b.name(), b.model()));
            if (!b.model().leftToRight() && b.model().modality().id().equals(config.modality())) oa.add(new Shown(b.name(), b.model()));
        }
        if (all.size() == 1) System.out.println("(no bundled models in " + BundledModels.directory() + ": showing the tiny model alone)");
        int width = all.stream().mapToInt(m -> m.label().length()).max().orElse(0);

        System.out.println("== 2. evaluate (test split of the sample, " + EVAL_SEGMENTS + " segments; ELBO in bits per char)");
        for (Shown m : oa) evaluate(m, data, width);

        System.out.println("== 3. sample (" + CALLS + " network calls for 250 characters, DP-optimal policy)");
        for (Shown m : oa) {
            Generation.Result r = Generation.sample(m.model().network(), m.model().process(), 1, m.model().policies(CALLS), 1f, new SplittableRandom(3));
            System.out.printf("%-" + width + "s  %s%n", m.label(), m.model().modality().render(r.values(), null));
        }

        System.out.println("== 4. infill (one character per call, given everything else)");
        System.out.printf("%-" + width + "s  %s%n", "given", MASKED);
        for (Shown m : oa) {
            StagePolicies sequential = StagePolicies.sequential(1, m.model().length());
            Generation.Result filled = m.model().infill(MASKED, '_', 1, sequential, 1f, new SplittableRandom(4));
            System.out.printf("%-" + width + "s  %s%n", m.label(), m.model().modality().render(Arrays.copyOf(filled.values(), MASKED.length()), null));
        }

        System.out.println("== 5. compress and decompress a held-out file (5,000 chars of the sample's test split)");
        byte[] text = config.data().toBytes(Arrays.copyOf(data.segments(Dataset.Split.TEST, 5000, 0, 1), 5000));
        Path original = runDir.resolve("sample.txt");
        AtomicFiles.write(original, text);
        boolean exact = true;
        List<Shown> pictureModels = new ArrayList<>(), soundModels = new ArrayList<>();
        for (Shown m : all) {
            if (m.model().modality() instanceof ImageModality) pictureModels.add(m);
            else if (m.model().modality() instanceof AudioModality) soundModels.add(m);
            else exact &= roundTrip(m, original, text, width);
        }
        if (!pictureModels.isEmpty()) exact &= pictures(pictureModels, width);
        if (!soundModels.isEmpty()) exact &= sound(soundModels, width);
        return exact ? 0 : 1;
    }

    /** Step 6: a 96×64 picture of held-out crops through the bundled image models, next to its PNG. */
    private boolean pictures(List<Shown> models, int width) throws IOException {
        Dataset images = Modalities.IMAGE.bundledSample();
        int[] tiles = images.segments(Dataset.Split.TEST, ImageModality.LENGTH, 0, 6);
        Picture picture = ImageModality.picture(tiles, ImageModality.metadata(96, 64, 3)); // 3 × 2 tiles in raster order
        byte[] pixels = picture.pixels();
        byte[] png = Png.write(picture);
        Path original = runDir.resolve("picture.png");
        AtomicFiles.write(original, png);
        System.out.printf("== 6. compress and decompress a picture (%s: 96×64, six held-out crops of the image sample; its PNG: %d bytes, %.3f bpd)%n",
                original, png.length, 8.0 * png.length / pixels.length);
        boolean exact = true;
        for (Shown m : models) {
            TimedRoundTrip t = TimedRoundTrip.of(m.model().fileCodec(), png, CALLS);
            boolean same = Arrays.equals(pixels, Png.read(t.restored()).pixels());
            exact &= same;
            System.out.printf("%-" + width + "s  %d calls per stage: %d bytes, %.3f bpd%s, pixels %s; %s%n", m.label(), CALLS,
                    t.packed().length, 8.0 * t.packed().length / pixels.length,
                    SegmentedFileCodec.storedData(t.packed()).isPresent() ? " (stored: the model does not beat the PNG)" : "",
                    same ? "identical" : "DIFFERENT", t.seconds());
        }
        return exact;
    }

    /** Step 7: one segment (D samples) of a held-out clip of the speech sample through the bundled speech models, as a WAV. */
    private boolean sound(List<Shown> models, int width) throws IOException {
        Dataset speech = Modalities.AUDIO.bundledSample();
        boolean exact = true;
        for (Shown m : models) {
            int d = m.model().length();
            int[] samples = speech.segments(Dataset.Split.TEST, d, SOUND_SEGMENT, 1);
            for (int i = 0; i < d; i++) samples[i] -= AudioModality.SILENCE;
            byte[] wav = Wav.write(samples, 1, AudioModality.SAMPLE_RATE);
            Path original = runDir.resolve("speech-" + m.label() + ".wav");
            AtomicFiles.write(original, wav);
            System.out.printf("== 7. compress and decompress a sound (%s: %,d samples, %.3f s of a held-out clip of the speech sample)%n",
                    original, d, d / (double) AudioModality.SAMPLE_RATE);
            TimedRoundTrip t = TimedRoundTrip.of(m.model().fileCodec(), wav, CALLS);
            boolean same = Arrays.equals(wav, t.restored());
            exact &= same;
            System.out.printf("%-" + width + "s  %d calls per stage: %d -> %d bytes, %.3f bits per sample (all headers included), round trip %s; %s%n",
                    m.label(), CALLS, wav.length, t.packed().length, 8.0 * t.packed().length / d, same ? "exact" : "FAILED", t.seconds());
        }
        return exact;
    }

    private static void evaluate(Shown m, Dataset data, int width) {
        LoadedModel model = m.model();
        int d = model.length();
        int[] test = data.segments(Dataset.Split.TEST, d, 0, EVAL_SEGMENTS);
        StagePolicies sequential = StagePolicies.sequential(1, d);
        Likelihood.Estimate elbo = Likelihood.stochasticElbo(model.network(), model.process(), test, EVAL_SEGMENTS, sequential, 4, 16, 1);
        Likelihood.Estimate elbo20 = Likelihood.stochasticElbo(model.network(), model.process(), test, EVAL_SEGMENTS, model.policies(CALLS), 4, 16, 1);
        System.out.printf("%-" + width + "s  %d steps: %.3f ± %.3f;  %d-step DP policy: %.3f ± %.3f%n",
                m.label(), d, elbo.bitsPerDim(), elbo.standardError(), CALLS, elbo20.bitsPerDim(), elbo20.standardError());
    }

    /** Compresses and decompresses the file with one model (OA ones at 20 calls per segment); true when exact. */
    private static boolean roundTrip(Shown m, Path original, byte[] text, int width) throws IOException {
        LoadedModel model = m.model();
        int budget = model.leftToRight() ? model.length() : CALLS;
        Path compressed = original.resolveSibling(original.getFileName() + "." + m.label().replace(' ', '-') + CompressCommand.SUFFIX);
        TimedRoundTrip t = TimedRoundTrip.of(model.fileCodec(), Files.readAllBytes(original), budget);
        AtomicFiles.write(compressed, t.packed());
        boolean exact = Arrays.equals(text, t.restored());
        long size = Files.size(compressed);
        System.out.printf("%-" + width + "s  %s (%s, %d calls/segment): %d -> %d bytes, %.3f bits per char, round trip %s; %s%n",
                m.label(), compressed.getFileName(), model.leftToRight() ? "left-to-right" : "order-agnostic", budget, text.length, size,
                8.0 * size / text.length, exact ? "exact" : "FAILED", t.seconds());
        return exact;
    }
}
