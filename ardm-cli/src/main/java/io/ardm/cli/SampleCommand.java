package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.io.AtomicFiles;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.SoundPicture;
import io.ardm.modality.image.ImageGrid;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.image.Png;
import io.ardm.run.LoadedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm sample}: unconditional samples, as text, a PNG grid (image models) or WAV files (audio models). */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate text, pictures or sound from a trained model.",
                "%nGenerates in a random order, one position per step (D network calls), or in parallel with --budget B "
                        + "(B calls per stage; the DP-optimal policy by default). A left-to-right baseline samples left to right, "
                        + "one position per step with its key/value cache. An image model writes a PNG grid (--png) and can "
                        + "draw one picture being generated, a frame after each of its calls (--strip). An audio model writes "
                        + "a 16-bit mono 16 kHz WAV per sample (--wav) and one PNG of their waveforms and spectrograms (--png)."})
final class SampleCommand implements Callable<Integer> {
    /** At most this many frames in a --strip (evenly spaced calls, the last always shown). */
    static final int STRIP_FRAMES = 12;

    @Mixin ModelOption model;
    @Mixin BudgetOption budget;

    @Mixin GenerationOptions generation;

    @Option(names = "--png", paramLabel = "FILE.png",
            description = "Image models: where the grid of samples goes (default: samples-MODEL-Bcalls.png). Audio models: where "
                    + "the picture of their waveforms and spectrograms goes (default: the WAV prefix + .png).")
    Path png;

    @Option(names = "--wav", paramLabel = "PREFIX", description = "Audio models: samples go to PREFIX-1.wav, PREFIX-2.wav, … Default: sample-MODEL-Bcalls.")
    String wav;

    @Option(names = "--strip", paramLabel = "FILE.png", description = "Image models: also draw the first sample being generated, frame by frame.")
    Path strip;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        LoadedModel m = model.load();
        if (m.leftToRight() && budget.budget != null && budget.budget != m.length()) {
            throw new IllegalArgumentException("a left-to-right model generates one position per step: --budget must be D=" + m.length());
        }
        boolean image = m.modality() instanceof ImageModality;
        boolean audio = m.modality() instanceof AudioModality;
        if (!image && !audio && png != null) throw new IllegalArgumentException("--png is for image and audio models");
        if (!image && strip != null) throw new IllegalArgumentException("--strip is for image models");
        if (wav != null && !audio) throw new IllegalArgumentException("--wav is for audio models");
        List<int[]> frames = new ArrayList<>();
        int d = m.network().length();
        Generation.Result r = m.sample(count, m.leftToRight() ? null : budget.policies(m), generation.temperature, rng, (stage, x) -> {
            if (strip != null) frames.add(Arrays.copyOf(x, d));
        });
        if (image) {
            writePictures(m, r, frames);
        } else if (audio) {
            writeClips(m, r);
        } else {
            for (int i = 0; i < count; i++) System.out.println(m.modality().render(Arrays.copyOfRange(r.values(), i * d, (i + 1) * d), null));
        }
        System.err.printf("(%d network calls)%n", r.networkCalls());
        return 0;
    }

    private void writePictures(LoadedModel m, Generation.Result r, List<int[]> frames) throws IOException {
        int d = m.length(), count = r.values().length / d;
        int calls = budget.budget == null ? d : budget.budget;
        Path grid = png != null ? png : Path.of("samples-" + model.label() + "-" + calls + "calls.png");
        List<int[]> tiles = new ArrayList<>();
        for (int i = 0; i < count; i++) tiles.add(Arrays.copyOfRange(r.values(), i * d, (i + 1) * d));
        AtomicFiles.write(grid, Png.write(ImageGrid.of(tiles, (int) Math.ceil(Math.sqrt(count)))));
        System.err.println("wrote " + grid + " (" + count + " samples of " + model.label() + ", " + calls + " calls per stage)");
        if (strip != null) {
            List<int[]> shown = everyFew(frames, STRIP_FRAMES);
            AtomicFiles.write(strip, Png.write(ImageGrid.of(shown, shown.size())));
            System.err.println("wrote " + strip + " (" + shown.size() + " of the " + frames.size() + " calls that made the first sample)");
        }
    }

    /** Each audio sample as a mono 16 kHz WAV, named by model, budget and number; one picture of them all. */
    private void writeClips(LoadedModel m, Generation.Result r) throws IOException {
        int d = m.length(), count = r.values().length / d;
        int calls = budget.budget == null ? d : budget.budget;
        String prefix = wav != null ? wav : "sample-" + model.label() + "-" + calls + "calls";
        List<SoundPicture.Clip> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] clip = Arrays.copyOfRange(r.values(), i * d, (i + 1) * d);
            Path file = Path.of(prefix + "-" + (i + 1) + ".wav");
            AtomicFiles.write(file, m.modality().toBytes(clip));
            System.out.println(file + ": " + m.modality().render(clip, null));
            clips.add(new SoundPicture.Clip(clip));
        }
        Path picture = png != null ? png : Path.of(prefix + ".png");
        AtomicFiles.write(picture, Png.write(SoundPicture.of(clips, SoundPicture.WIDTH)));
        System.err.println("wrote " + picture + " (waveform and spectrogram of each sample)");
    }

    /** At most {@code n} of the frames, evenly spaced, always with the last. */
    static List<int[]> everyFew(List<int[]> frames, int n) {
        if (frames.size() <= n) return frames;
        List<int[]> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(frames.get((int) Math.round((double) i * frames.size() / n) - 1));
        return out;
    }
}
