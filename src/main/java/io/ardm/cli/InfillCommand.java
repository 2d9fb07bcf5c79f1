package io.ardm.cli;

import io.ardm.ardm.Generation;
import io.ardm.ardm.Policy;
import io.ardm.data.TextAlphabet;
import io.ardm.model.TextCheckpoint;
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

    @Option(names = "--text", required = true, description = "Text in a-z and space, with unknown characters marked.")
    String text;

    @Option(names = "--unknown", defaultValue = "_", description = "The character that marks an unknown position. Default: ${DEFAULT-VALUE}.")
    char unknown;

    @Mixin GenerationOptions generation;

    @Override
    public Integer call() throws Exception {
        SplittableRandom rng = generation.validate();
        int count = generation.count;
        TextCheckpoint.Loaded m = model.loadArdm();
        Generation.Result r = fill(m, text, unknown, count, budget.policy(m), generation.temperature, rng);
        int d = m.network().length();
        for (int c = 0; c < count; c++) {
            System.out.println(TextAlphabet.decode(java.util.Arrays.copyOfRange(r.values(), c * d, c * d + text.length())));
        }
        System.err.printf("(%d network calls)%n", r.networkCalls());
        return 0;
    }

    /** {@code count} completions of {@code text} (placed at the start of the window) whose {@code unknown} chars are generated. */
    static Generation.Result fill(TextCheckpoint.Loaded m, String text, char unknown, int count, Policy policy, float temperature,
                                  SplittableRandom rng) {
        int d = m.network().length();
        if (text.length() > d) throw new IllegalArgumentException("--text has " + text.length() + " characters; the model covers " + d);
        int[] values = new int[count * d];
        boolean[] known = new boolean[count * d];
        byte[] ids = TextAlphabet.encode(text.replace(unknown, ' '));
        for (int c = 0; c < count; c++) {
            for (int j = 0; j < text.length(); j++) {
                known[c * d + j] = text.charAt(j) != unknown;
                values[c * d + j] = ids[j];
            }
        }
        return Generation.infill(m.network(), values, known, count, policy, temperature, rng);
    }
}
