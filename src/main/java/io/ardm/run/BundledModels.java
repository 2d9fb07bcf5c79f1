package io.ardm.run;

import io.ardm.nn.CheckpointException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The trained models shipped with ardm: one folder per model under {@code models/} in the repository, holding
 * {@code model.ardm} (an inference checkpoint) and {@code README.md} (its model card). {@code -m NAME} finds them here.
 * The folder is {@code -Dardm.models=DIR}, else {@code $ARDM_MODELS}, else {@code models/} beside the {@code target/}
 * folder the classes were loaded from (the build's jar or class folder).
 */
public final class BundledModels {
    /** The order-agnostic text8 model: sampling and infilling by default. */
    public static final String TEXT8_OA = "text8-oa";
    public static final String FILE_NAME = "model.ardm";
    public static final String CARD_NAME = "README.md";

    private BundledModels() {}

    public static Path directory() {
        String configured = System.getProperty("ardm.models", System.getenv("ARDM_MODELS"));
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        try {
            Path classes = Path.of(BundledModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = classes.getParent();
            return target.getParent() == null ? Path.of("models") : target.getParent().resolve("models");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("models");
        }
    }

    /** The bundled models' names, sorted; empty when the folder is missing. */
    public static List<String> names() {
        Path dir = directory();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> folders = Files.list(dir)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve(FILE_NAME))).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static Path file(String name) {
        return directory().resolve(name).resolve(FILE_NAME);
    }

    public static Path card(String name) {
        return directory().resolve(name).resolve(CARD_NAME);
    }

    /**
     * A bundled model's checkpoint, or the checkpoint file {@code nameOrPath} names. A name that is neither is a
     * one-line error listing what is bundled.
     */
    public static Path resolve(String nameOrPath) throws CheckpointException {
        Path asPath = Path.of(nameOrPath);
        boolean looksLikeName = nameOrPath.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !nameOrPath.endsWith(".ardm");
        if (looksLikeName && names().contains(nameOrPath)) return file(nameOrPath);
        if (Files.exists(asPath) || !looksLikeName) return asPath;
        List<String> known = names();
        throw new CheckpointException(asPath, "no such checkpoint file, and no bundled model of that name ("
                + (known.isEmpty() ? "no bundled models in " + directory() : "bundled: " + String.join(", ", known)) + ")");
    }

    public static LoadedModel load(String nameOrPath) throws IOException {
        return RunCheckpoint.loadForInference(resolve(nameOrPath));
    }

    /** Every bundled model, loaded (for choosing one by the input, or by a compressed file's fingerprint). */
    public static List<Named> loadAll() throws IOException {
        List<Named> all = new ArrayList<>();
        for (String name : names()) all.add(new Named(name, load(name)));
        return all;
    }

    /** The model among {@code loaded} (see {@link #loadAll}) that a compressed file names by its fingerprint. */
    public static Optional<Named> withFingerprint(List<Named> loaded, byte[] fingerprint) {
        for (Named m : loaded) {
            if (Arrays.equals(m.model().fingerprint(), fingerprint)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** A loaded model with the name it is bundled under. */
    public record Named(String name, LoadedModel model) {}
}
