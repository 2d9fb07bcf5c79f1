package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.StagePolicies;
import io.ardm.io.AtomicFiles;
import io.ardm.modality.Modality;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.Recording;
import io.ardm.modality.image.ImageGrid;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.image.Picture;
import io.ardm.modality.image.Png;
import java.nio.file.Path;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm infill}: fill in the unknown characters of a text, a box of a 32×32 picture, or a gap in a recording. */
@Command(name = "infill", mixinStandardHelpOptions = true,
        description = {"Fill in missing characters of a text, or missing pixels of a picture.",
                "%nThe characters marked '_' (or --unknown) are generated given all the others: the known positions come "
                        + "first in the generation order, so the model conditions on any subset. Text shorter than the model's "
                        + "length D is placed at the start and the rest of the window is generated too (not printed). "
                        + "Image models: --image TILE.png (32×32) --box X,Y,W,H writes a PNG strip per sample: the masked picture, "
                        + "frames of the calls that fill it, the result. "
                        + "Audio models: SPEECH.wav --gap 0.40:0.55 silences that stretch (in seconds) and "
                        + "generates it given the D − gap samples around it (a gap longer than D: a window of a multiple of D at "
                        + "least twice the gap, which the convolutional network reads whole); writes a 16-bit WAV (--out) and a PNG of the "
                        + "waveform and spectrogram before and after."})
final class InfillCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin BudgetOption budget;

    @Option(names = "--text", description = "Text with unknown positions marked (a-z and space for text8 models; "
            + "any UTF-8 text for byte models, where each marker is one unknown byte).")
    String text;

    @Option(names = "--unknown", defaultValue = "_", description = "The character that marks an unknown position. Default: ${DEFAULT-VALUE}.")
    char unknown;

    @Mixin GenerationOptions generation;

    @Option(names = "--image", paramLabel = "TILE.png", description = "Image models: the 32×32 picture to inpaint.")
    Path image;

    @Option(names = "--box", paramLabel = "X,Y,W,H", split = ",", description = "Image models: the pixels to generate (all channels).")
    int[] box;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Image models: where the strip goes (default: infill-MODEL-Bcalls.png). "
            + "Audio models: the before/after picture (default: the output's name with .png).")
    Path png;

    @Parameters(arity = "0..1", paramLabel = "SPEECH.wav", description = "Audio models: the recording (16-bit PCM) with a gap to fill.")
    Path recording;

    @Option(names = "--gap", paramLabel = "FROM:TO", description = "Audio models: the stretch to generate, in seconds (e.g. 0.40:0.55).")
    String gap;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.wav", description = "Audio models: where the filled recording goes. Default: NAME-infill.wav.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        LoadedModel m = model.loadArdm();
        if (m.modality() instanceof ImageModality) return inpaint(m, rng);
        if (m.modality() instanceof AudioModality) return fillGap(m, rng);
        if (recording != null || gap != null) throw new IllegalArgumentException("a WAV file and --gap are for audio models; this one reads " + m.modality().id());
        if (text == null) throw new IllegalArgumentException("--text is required (the text with unknown positions)");
        Modality.Masked masked = m.modality().parseMasked(text, unknown);
        Generation.Result r = m.infill(masked, count, budget.infillPolicies(m, masked.knownCount()), generation.temperature, rng, (stage, x) -> { });
        int d = m.length();
        int length = masked.symbols().length;
        for (int c = 0; c < count; c++) {
            System.out.println(m.modality().render(java.util.Arrays.copyOfRange(r.values(), c * d, c * d + length), null));
        }
        System.err.printf("(%d network calls)%n", r.networkCalls());
        return 0;
    }

    /**
     * The audio case: in every channel the gap's samples are generated given the rest of a D-sample window around it
     * (centred where the recording allows; longer for a gap longer than D); the window's known samples are placed first
     * in every stage's order.
     */
    private int fillGap(LoadedModel m, SplittableRandom rng) throws java.io.IOException {
        if (recording == null || gap == null) throw new IllegalArgumentException("audio models need a WAV file and --gap FROM:TO (seconds)");
        Recording r = AudioEdits.read(recording);
        if (r.bits() != 16) throw new IllegalArgumentException(recording + " is 8-bit; infill works on 16-bit recordings (ardm upscale makes one)");
        Gap gapped = Gap.parse(gap, r);
        // A gap longer than D: the convolutional network reads a window of a multiple of D at least twice the gap.
        if (gapped.length() > m.length()) m = m.atLength(m.length() * Math.ceilDiv(2 * gapped.length(), m.length()));
        int d = m.length(), count = generation.count;
        int start = Math.clamp(gapped.lo() - (d - gapped.length()) / 2, 0, Math.max(0, r.frames() - d));
        int rows = r.channels() * count;
        Window window = Window.around(r, gapped, start, d, rows);
        int knownCount = Math.min(d, r.frames()) - gapped.length();
        Generation.Result g = Generation.infill(m.network(), m.process(), window.values(), window.known(), rows,
                budget.infillPolicies(m, knownCount), generation.temperature, rng);
        boolean[] marked = new boolean[r.symbols().length];
        int[] silenced = r.symbols().clone();
        for (int c = 0; c < r.channels(); c++) {
            for (int f = gapped.lo(); f < gapped.hi(); f++) {
                marked[c * r.frames() + f] = true;
                silenced[c * r.frames() + f] = AudioModality.SILENCE;
            }
        }
        for (int k = 0; k < count; k++) {
            int[] filled = r.symbols().clone();
            for (int c = 0; c < r.channels(); c++) {
                int row = k * r.channels() + c;
                for (int f = gapped.lo(); f < gapped.hi(); f++) filled[c * r.frames() + f] = g.values()[row * d + f - start];
            }
            AudioEdits.Outputs to = AudioEdits.outputs(recording, out, png, "infill", k, count);
            AudioEdits.write(r, filled, to.wav(), to.picture(), marked, silenced);
        }
        System.err.printf("filled %,d samples (%.3f–%.3f s) in %d channel(s) from a window of %,d; %d network calls%n", gapped.length(),
                gapped.lo() / (double) r.sampleRate(), gapped.hi() / (double) r.sampleRate(), r.channels(), Math.min(d, r.frames()),
                g.networkCalls());
        return 0;
    }

    /** The frames [lo, hi) of --gap FROM:TO (seconds) in a recording. */
    private record Gap(int lo, int hi) {
        static Gap parse(String gap, Recording r) {
            String[] parts = gap.split(":", -1);
            double from, to;
            try {
                if (parts.length != 2) throw new NumberFormatException();
                from = Double.parseDouble(parts[0]);
                to = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--gap must be FROM:TO in seconds, e.g. 0.40:0.55, got '" + gap + "'");
            }
            int lo = (int) Math.round(from * r.sampleRate()), hi = (int) Math.round(to * r.sampleRate());
            if (!(from >= 0) || hi <= lo || hi > r.frames()) {
                throw new IllegalArgumentException(String.format("--gap %s is not inside the recording's %.3f s", gap, r.frames() / (double) r.sampleRate()));
            }
            return new Gap(lo, hi);
        }

        int length() {
            return hi - lo;
        }
    }

    /** The D-sample windows from {@code start} the model fills, one row per channel per sample: known outside the gap. */
    private record Window(int[] values, boolean[] known) {
        static Window around(Recording r, Gap gap, int start, int d, int rows) {
            int[] values = new int[rows * d];
            boolean[] known = new boolean[rows * d];
            for (int row = 0; row < rows; row++) {
                int c = row % r.channels();
                for (int j = 0; j < d; j++) {
                    int f = start + j;
                    if (f >= r.frames()) continue; // past the end of a short recording: generated, then dropped
                    values[row * d + j] = r.symbols()[c * r.frames() + f];
                    known[row * d + j] = f < gap.lo() || f >= gap.hi();
                }
            }
            return new Window(values, known);
        }
    }

    /** The image case: the box's sub-pixels are generated given the rest of the tile; one strip per sample. */
    private int inpaint(LoadedModel m, SplittableRandom rng) throws java.io.IOException {
        if (image == null || box == null || box.length != 4) throw new IllegalArgumentException("image models need --image TILE.png and --box X,Y,W,H");
        Picture tile;
        try {
            tile = Png.read(java.nio.file.Files.readAllBytes(image)).rgb();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(image + ": " + e.getMessage());
        }
        if (tile.width() != ImageModality.TILE || tile.height() != ImageModality.TILE) {
            throw new IllegalArgumentException(image + " is " + tile.width() + "×" + tile.height() + "; infill works on one 32×32 tile (crop it first)");
        }
        int x0 = box[0], y0 = box[1], w = box[2], h = box[3];
        if (w < 1 || h < 1 || x0 < 0 || y0 < 0 || x0 + w > ImageModality.TILE || y0 + h > ImageModality.TILE) {
            throw new IllegalArgumentException("--box " + x0 + "," + y0 + "," + w + "," + h + " leaves the 32×32 tile");
        }
        int d = m.length(), count = generation.count;
        int[] original = ImageModality.tiles(tile);
        boolean[] known = new boolean[d];
        for (int j = 0; j < d; j++) {
            int x = (j / ImageModality.CHANNELS) % ImageModality.TILE, y = j / ImageModality.CHANNELS / ImageModality.TILE;
            known[j] = x < x0 || x >= x0 + w || y < y0 || y >= y0 + h;
        }
        Modality.Masked given = new Modality.Masked(original, known);
        java.util.List<int[]> frames = new java.util.ArrayList<>();
        Generation.Result r = m.infill(given, count, budget.infillPolicies(m, given.knownCount()), generation.temperature, rng,
                (stage, x) -> frames.add(x.clone()));
        java.util.List<int[]> strip = new java.util.ArrayList<>();
        java.util.List<int[]> shown = SampleCommand.everyFew(frames, SampleCommand.STRIP_FRAMES - 2);
        int[] masked = original.clone();
        for (int j = 0; j < d; j++) if (!known[j]) masked[j] = -1;
        for (int c = 0; c < count; c++) {
            strip.add(masked);
            for (int[] f : shown) strip.add(java.util.Arrays.copyOfRange(f, c * d, (c + 1) * d));
            strip.add(java.util.Arrays.copyOfRange(r.values(), c * d, (c + 1) * d));
        }
        int calls = budget.budget == null ? d : budget.budget;
        Path out = png != null ? png : Path.of("infill-" + model.label() + "-" + calls + "calls.png");
        AtomicFiles.write(out, Png.write(ImageGrid.of(strip, shown.size() + 2)));
        System.err.printf("wrote %s (%d row(s): masked, %d frames, filled)%n(%d network calls)%n", out, count, shown.size(), r.networkCalls());
        return 0;
    }
}
