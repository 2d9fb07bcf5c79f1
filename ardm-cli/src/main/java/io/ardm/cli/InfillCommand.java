package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.StagePolicies;
import io.ardm.io.AtomicFiles;
import io.ardm.modality.Modality;
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

/** {@code ardm infill}: fill in the unknown characters of a text, or a box of a 32×32 picture. */
@Command(name = "infill", mixinStandardHelpOptions = true,
        description = {"Fill in missing characters of a text, or missing pixels of a picture.",
                "%nThe characters marked '_' (or --unknown) are generated given all the others: the known positions come "
                        + "first in the generation order, so the model conditions on any subset. Text shorter than the model's "
                        + "length D is placed at the start and the rest of the window is generated too (not printed). "
                        + "Image models: --image TILE.png (32×32) --box X,Y,W,H writes a PNG strip per sample: the masked picture, "
                        + "frames of the calls that fill it, the result."})
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

    @Option(names = "--png", paramLabel = "FILE.png", description = "Image models: where the strip goes. Default: infill-MODEL-Bcalls.png.")
    Path png;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        LoadedModel m = model.loadArdm();
        if (m.modality() instanceof ImageModality) return inpaint(m, rng);
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
