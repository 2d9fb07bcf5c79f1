package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Modality;
import io.ardm.run.LoadedModel;
import io.ardm.run.RunCheckpoint;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ardm infill}: fill in the unknown characters of a text. */
@Command(name = "infill", mixinStandardHelpOptions = true,
        description = {"Fill in missing characters of a text.",
                "%nThe characters marked '_' (or --unknown) are generated given all the others: the known positions come "
                        + "first in the generation order, so the model conditions on any subset. Text shorter than the model's "
                        + "length D is placed at the start and the rest of the window is generated too (not printed)."})
final class InfillCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin BudgetOption budget;

    @Option(names = "--text", required = true, description = "Text with unknown positions marked (a-z and space for text8 models; "
            + "any UTF-8 text for byte models, where each marker is one unknown byte).")
    String text;

    @Option(names = "--unknown", defaultValue = "_", description = "The character that marks an unknown position. Default: ${DEFAULT-VALUE}.")
    char unknown;

    @Mixin GenerationOptions generation;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        LoadedModel m = model.loadArdm();
        Generation.Result r = fill(m, text, unknown, count, budget.policies(m), generation.temperature, rng);
        int d = m.length();
        int length = m.modality().parseMasked(text, unknown).symbols().length;
        for (int c = 0; c < count; c++) {
            System.out.println(m.modality().render(java.util.Arrays.copyOfRange(r.values(), c * d, c * d + length), null));
        }
        System.err.printf("(%d network calls)%n", r.networkCalls());
        return 0;
    }

    /** {@code count} completions of {@code text} (placed at the start of the window) whose {@code unknown} positions are generated. */
    static Generation.Result fill(LoadedModel m, String text, char unknown, int count, StagePolicies policies, float temperature,
                                  SplittableRandom rng) {
        int d = m.length();
        Modality.Masked masked = m.modality().parseMasked(text, unknown);
        int length = masked.symbols().length;
        if (length > d) throw new IllegalArgumentException("--text has " + length + " symbols; the model covers " + d);
        int[] values = new int[count * d];
        boolean[] known = new boolean[count * d];
        for (int c = 0; c < count; c++) {
            System.arraycopy(masked.symbols(), 0, values, c * d, length);
            System.arraycopy(masked.known(), 0, known, c * d, length);
        }
        return Generation.infill(m.network(), m.process(), values, known, count, policies, temperature, rng);
    }
}
