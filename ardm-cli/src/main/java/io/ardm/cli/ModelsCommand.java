package io.ardm.cli;

import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ardm models}: the bundled trained models. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the bundled trained models (pass a name to -m).",
                "%nEach lives in models/NAME/ with its model card (README.md: data and licence, training command, wall time, "
                        + "machine, test figures). compress picks among them by the input; sample and infill use "
                        + BundledModels.TEXT8_OA + " unless -m says otherwise."})
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        List<BundledModels.Named> all = BundledModels.loadAll();
        if (all.isEmpty()) {
            System.out.println("no bundled models in " + BundledModels.directory());
            return 0;
        }
        System.out.printf("%-12s %-8s %-15s %10s %7s %9s  %s%n", "name", "modality", "order", "parameters", "steps", "size", "summary");
        for (BundledModels.Named n : all) {
            LoadedModel m = n.model();
            System.out.printf("%-12s %-8s %-15s %,10d %,7d %7.1f MB  %s%n", n.name(), m.modality().id(),
                    m.leftToRight() ? "left-to-right" : m.config().upscale() != null ? "upscale, b=" + m.config().upscale() : "order-agnostic", m.network().parameters().count(), m.progress().step(),
                    Files.size(BundledModels.file(n.name())) / 1e6, summary(BundledModels.card(n.name())));
        }
        System.out.println("(in " + BundledModels.directory() + ")");
        return 0;
    }

    /** The first sentence of the model card's first paragraph. */
    private static String summary(Path card) throws java.io.IOException {
        if (!Files.isRegularFile(card)) return "(no model card)";
        StringBuilder paragraph = new StringBuilder();
        for (String line : Files.readAllLines(card)) {
            String l = line.strip();
            if (l.startsWith("#") || l.isEmpty() && paragraph.isEmpty()) continue;
            if (l.isEmpty()) break;
            paragraph.append(paragraph.isEmpty() ? "" : " ").append(l);
        }
        int end = paragraph.indexOf(". ");
        return end < 0 ? paragraph.toString() : paragraph.substring(0, end + 1);
    }
}
