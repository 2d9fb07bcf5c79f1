package io.ardm;

import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the ardm library starts: trained models by name or by file.
 *
 * <pre>{@code
 * ArdmModel model = Ardm.load("bytes-ltr");           // a bundled model (the ardm-models jar), or a checkpoint path
 * byte[] packed = model.compress(data);                // a .ardm file, as `ardm compress -m bytes-ltr` writes it
 * try (OutputStream out = new ArdmOutputStream(Files.newOutputStream(path), model)) { ... }
 * }</pre>
 *
 * <p>ardm computes with the incubating Vector API: the JVM that runs it needs the option
 * {@code --add-modules jdk.incubator.vector}. Every entry point checks for it and throws an {@link ArdmException}
 * saying so, instead of failing deep inside the tensor code.
 */
public final class Ardm {
    /** The bundled model that {@link ArdmOutputStream#ArdmOutputStream(java.io.OutputStream)} compresses bytes with. */
    public static final String DEFAULT_BYTES_MODEL = "bytes-ltr";
    /** The message of the exception thrown when the Vector API module is missing. */
    static final String NEEDS_VECTOR_API = "ardm needs the JVM option --add-modules jdk.incubator.vector";

    private Ardm() {}

    /**
     * Loads a model: a bundled one by its name (as {@link #models()} lists them: from the repository's {@code models/}
     * folder, {@code -Dardm.models=DIR}, or the {@code ardm-models} jar on the classpath), or a checkpoint file
     * written by {@code ardm train} or {@code ardm export}.
     *
     * @param nameOrPath a bundled model's name, or a checkpoint's path
     * @return the model, ready for inference; it is immutable and may be shared between threads
     * @throws ArdmException when the model is missing or its file is corrupt, or the JVM lacks the Vector API
     */
    public static ArdmModel load(String nameOrPath) {
        requireVectorApi();
        return BundledModels.names().contains(nameOrPath) ? loadBundled(nameOrPath) : loadUncached(nameOrPath, false);
    }

    /** Bundled models are loaded once per JVM: they are immutable, and a stream should not pay a load. */
    private static final Map<String, ArdmModel> BUNDLED = new ConcurrentHashMap<>();

    private static ArdmModel loadBundled(String name) {
        return BUNDLED.computeIfAbsent(name, n -> loadUncached(n, true));
    }

    private static ArdmModel loadUncached(String nameOrPath, boolean bundled) {
        try {
            LoadedModel loaded = BundledModels.load(nameOrPath);
            return new ArdmModel(bundled ? nameOrPath : Path.of(nameOrPath).getFileName().toString(), loaded,
                    bundled ? BundledModels.cardText(nameOrPath) : cardBeside(Path.of(nameOrPath)));
        } catch (IOException | RuntimeException e) {
            throw new ArdmException("cannot load model " + nameOrPath + ": " + oneLine(e), e);
        }
    }

    /** The bundled model whose fingerprint a compressed file names (they are all loaded the first time). */
    static Optional<ArdmModel> bundledWithFingerprint(byte[] fingerprint) {
        requireVectorApi();
        for (String name : models()) {
            ArdmModel m = loadBundled(name);
            if (Arrays.equals(m.loaded().fingerprint(), fingerprint)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * The names of the bundled models, sorted.
     *
     * @return the names {@link #load} accepts without a path; empty when no models are bundled
     */
    public static List<String> models() {
        return BundledModels.names();
    }

    /** The model card of a checkpoint: a {@code README.md} beside it, else empty. */
    private static String cardBeside(Path checkpoint) throws IOException {
        Path parent = checkpoint.toAbsolutePath().getParent();
        Path card = parent == null ? null : parent.resolve(BundledModels.CARD_NAME);
        return card != null && Files.isRegularFile(card) ? Files.readString(card) : "";
    }

    /** Fails with one line when the JVM was started without the incubating Vector API module. */
    static void requireVectorApi() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) throw new ArdmException(NEEDS_VECTOR_API);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
