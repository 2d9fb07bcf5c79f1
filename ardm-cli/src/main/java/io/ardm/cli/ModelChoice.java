package io.ardm.cli;

import io.ardm.codec.MemberDecoder;
import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/** Which model codes a file when the user names none: the bundled one that codes it smallest, or the one a file names. */
final class ModelChoice {
    /** How much of a file the candidates are tried on. */
    static final int SAMPLE_BYTES = 4096;
    /** Network calls per segment of an order-agnostic model when -b is not given. */
    static final int DEFAULT_BUDGET = LoadedModel.DEFAULT_BUDGET;

    private ModelChoice() {}

    /** A model that may code the file, at the budget it would use (D for a left-to-right model). */
    record Candidate(String name, LoadedModel model, int budget) {
        /** {@code requested} (null: the default) for an order-agnostic model; validated before any file is touched. */
        static Candidate of(String name, LoadedModel model, Integer requested) {
            int budget = requested != null ? requested : model.leftToRight() ? model.length() : DEFAULT_BUDGET;
            model.policies(budget);
            return new Candidate(name, model, budget);
        }

        /** A bundled candidate: a left-to-right model keeps its only budget whatever -b says. */
        static Candidate bundled(BundledModels.Named m, Integer requested) {
            return of(m.name(), m.model(), m.model().leftToRight() ? null : requested);
        }
    }

    static List<Candidate> bundled(Integer requestedBudget) throws IOException {
        List<Candidate> all = new ArrayList<>();
        for (BundledModels.Named m : BundledModels.loadAll()) all.add(Candidate.bundled(m, requestedBudget));
        if (all.isEmpty()) throw new IOException("no bundled models in " + BundledModels.directory() + "; name a checkpoint with -m");
        return all;
    }

    /**
     * The candidate whose file is smallest on the input's first {@link #SAMPLE_BYTES} bytes (all of a small file), among
     * those whose modality can represent the whole input (a picture goes to the first image model that reads it); the
     * choice and the figures go to {@code report}.
     */
    static Candidate smallest(List<Candidate> candidates, Input input, String fileName, PrintStream report) throws IOException {
        for (Candidate c : candidates) {
            // A picture goes to the model of its modality: its first bytes are no picture to try the others on.
            if (!c.model().modality().splitsAnywhere() && represents(c.model(), input)) {
                report.printf("%s: model %s (%s file)%n", fileName, c.name(), c.model().modality().id());
                return c;
            }
        }
        byte[] sample = input.head(SAMPLE_BYTES);
        Candidate best = null;
        long bestSize = Long.MAX_VALUE;
        StringBuilder figures = new StringBuilder();
        for (Candidate c : candidates) {
            if (!c.model().modality().splitsAnywhere() || !represents(c.model(), input)) {
                figures.append(", ").append(c.name()).append(" can't code it");
                continue;
            }
            long size = c.model().fileCodec().compress(sample, c.budget()).length;
            figures.append(", ").append(c.name()).append(String.format(" %.3f", 8.0 * size / Math.max(1, sample.length)));
            if (size < bestSize) {
                best = c;
                bestSize = size;
            }
        }
        if (best == null) throw new IOException("no bundled model can code this file");
        report.printf("%s: model %s (bits/byte on %s: %s)%n", fileName, best.name(),
                sample.length == input.length() ? "the whole file" : "the first " + sample.length + " bytes", figures.substring(2));
        return best;
    }

    /**
     * Whether the model's modality holds the whole input: a modality that splits anywhere is checked part by part (the
     * input is read once more, never held whole); a picture only when its first bytes may start one.
     */
    private static boolean represents(LoadedModel model, Input input) throws IOException {
        try {
            if (!model.modality().splitsAnywhere()) {
                if (!model.modality().mayStart(input.head(SAMPLE_BYTES))) return false;
                byte[] whole = input.head(Integer.MAX_VALUE);
                model.modality().toSymbols(whole);
                model.modality().headerMetadata(whole); // a WAV whose other chunks outgrow the header goes elsewhere
                return true;
            }
            try (InputStream in = input.open()) {
                for (byte[] part; (part = in.readNBytes(Input.IN_MEMORY)).length > 0; ) model.modality().toSymbols(part);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The bundled models, loaded on first use and kept for the rest of the command: one load for many files. */
    static final class Bundled {
        private List<BundledModels.Named> loaded;

        Optional<BundledModels.Named> withFingerprint(byte[] fingerprint) throws IOException {
            if (loaded == null) loaded = BundledModels.loadAll();
            return BundledModels.withFingerprint(loaded, fingerprint);
        }

        /** Decodes a file with the bundled model its members name by fingerprint; a file of stored members needs none. */
        void decompress(InputStream compressed, OutputStream out, LongConsumer progress) throws IOException {
            new MemberDecoder(compressed, fingerprint -> withFingerprint(fingerprint).orElseThrow(() -> new IOException(
                    "compressed with a model that is not bundled (fingerprint " + HexFormat.of().formatHex(fingerprint, 0, 6)
                            + "…); name its checkpoint with -m")).model().fileCodec(), progress).writeAll(out);
        }
    }
}
