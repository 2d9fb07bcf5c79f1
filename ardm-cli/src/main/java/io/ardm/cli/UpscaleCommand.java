package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.process.UpscaleProcess;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.Recording;
import io.ardm.run.LoadedModel;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm upscale}: bit-depth super-resolution of a recording with an audio upscale ARDM. */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = {"Turn a low-bit-depth recording into 16-bit sound with an audio upscale ARDM.",
                "%nAn upscale ARDM generates a sample's digits most significant first, one stage per digit (paper §3.2), so a "
                        + "recording whose top bits are known is a generation stopped after its first stages: this command runs "
                        + "the remaining stages, each in B network calls per D-sample segment (default 50), given the known "
                        + "digits of every sample. Input: an 8-bit PCM WAV, or a 16-bit one of which only the top --bits bits "
                        + "are kept (to hear, and measure, what the model restores: the signal-to-noise ratio against the "
                        + "original is printed next to that of the usual reconstruction, the middle of each sample's interval). "
                        + "Writes a 16-bit WAV and a PNG of the waveform and spectrogram before and after."})
final class UpscaleCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin BudgetOption budget;

    @Option(names = {"-t", "--temperature"}, defaultValue = "1.0", description = "Softmax temperature. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Parameters(paramLabel = "IN.wav", description = "The recording: 8-bit or 16-bit PCM, any number of channels.")
    Path input;

    @Option(names = "--bits", paramLabel = "N",
            description = "The known most significant bits per sample: 8 for an 8-bit file; for a 16-bit file the top N bits are "
                    + "kept and the rest generated. N must be a whole number of the model's stages (b = 16: 4, 8 or 12).")
    Integer bits;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.wav", description = "Where the 16-bit result goes. Default: NAME-16bit.wav.")
    Path out;

    @Option(names = "--png", paramLabel = "FILE.png", description = "The before/after picture. Default: the output's name with .png.")
    Path png;

    @Override
    public Integer call() throws Exception {
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        LoadedModel m = model.loadArdm();
        AudioEdits.requireAudio(m, "upscale");
        if (!(m.process() instanceof UpscaleProcess process)) {
            throw new IllegalArgumentException("upscale needs an upscale ARDM; this is an OA-ARDM, which has no coarse digits to start from");
        }
        Recording original = AudioEdits.read(input);
        int keep = bits != null ? bits : original.bits() == 8 ? 8 : -1;
        if (keep < 0) throw new IllegalArgumentException(input + " is 16-bit: say how many of its bits to keep with --bits N");
        int perStage = Integer.numberOfTrailingZeros(process.transitions().branching());
        if (keep < 1 || keep > 15 || keep % perStage != 0 || Integer.bitCount(process.transitions().branching()) != 1) {
            throw new IllegalArgumentException("--bits " + keep + " is not a whole number of stages of this model (b = "
                    + process.transitions().branching() + ": multiples of " + perStage + " below 16)");
        }
        Recording coarse = original.truncatedTo(keep);
        int fromStage = keep / perStage, d = m.length();
        int segments = (coarse.frames() + d - 1) / d, rows = coarse.channels() * segments;
        int[] values = new int[rows * d];
        java.util.Arrays.fill(values, AudioModality.SILENCE);
        for (int c = 0; c < coarse.channels(); c++) {
            for (int f = 0; f < coarse.frames(); f++) values[(c * segments + f / d) * d + f % d] = coarse.symbols()[c * coarse.frames() + f];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] upscaled = new int[coarse.symbols().length];
        int calls = 0;
        // A few segments per batch: the network's activations grow with the batch.
        for (int first = 0; first < rows; first += BATCH) {
            int n = Math.min(BATCH, rows - first);
            Generation.Result g = m.upscale(java.util.Arrays.copyOfRange(values, first * d, (first + n) * d), fromStage, n,
                    budget.policies(m, LoadedModel.DEFAULT_BUDGET), temperature, rng);
            calls += g.networkCalls();
            for (int row = first; row < first + n; row++) {
                int c = row / segments;
                for (int j = 0; j < d; j++) {
                    int f = (row % segments) * d + j;
                    if (f < coarse.frames()) upscaled[c * coarse.frames() + f] = g.values()[(row - first) * d + j];
                }
            }
        }
        AudioEdits.Outputs to = AudioEdits.outputs(input, out, png, "16bit", 0, 1);
        AudioEdits.write(coarse, upscaled, to.wav(), to.picture(), null, coarse.symbols());
        System.err.printf("upscaled %,d samples × %d channel(s) from %d to 16 bits: stages %d..%d of %d, %d network calls%n",
                coarse.frames(), coarse.channels(), keep, fromStage + 1, process.stages(), process.stages(), calls);
        if (original.bits() == 16) {
            int drop = 16 - keep;
            int[] middle = coarse.symbols().clone();
            for (int i = 0; i < middle.length; i++) middle[i] += (1 << drop) / 2;
            System.out.printf("SNR against the original: upscaled %.2f dB, middle of each interval %.2f dB%n",
                    snr(original.symbols(), upscaled), snr(original.symbols(), middle));
        }
        return 0;
    }

    private static final int BATCH = 8;

    /** 10·log10(signal energy / error energy) in dB. */
    static double snr(int[] truth, int[] estimate) {
        double signal = 0, error = 0;
        for (int i = 0; i < truth.length; i++) {
            double s = truth[i] - AudioModality.SILENCE, e = estimate[i] - truth[i];
            signal += s * s;
            error += e * e;
        }
        return 10 * Math.log10(signal / Math.max(error, 1e-12));
    }
}
