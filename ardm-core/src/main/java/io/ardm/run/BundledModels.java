package io.ardm.run;

import io.ardm.nn.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The trained models shipped with ardm: one folder per model under {@code models/} in the repository, holding
 * {@code model.ardm} (an inference checkpoint) and {@code README.md} (its model card). {@code -m NAME} finds them here.
 * The folder is {@code -Dardm.models=DIR}, else {@code $ARDM_MODELS}, else the repository's {@code models/} found above
 * the jar or class folder the classes were loaded from (a module's {@code target/}). Code that depends on the library
 * gets the same models from the {@code ardm-models} jar: classpath resources {@code io/ardm/models/NAME/model.ardm},
 * used for the names the folder does not hold.
 */
public final class BundledModels {
    /** The order-agnostic text8 model: sampling and infilling by default. */
    public static final String TEXT8_OA = "text8-oa";
    public static final String FILE_NAME = "model.ardm";
    public static final String CARD_NAME = "README.md";
    /** Where the {@code ardm-models} jar keeps them on the classpath. */
    static final String RESOURCES = "io/ardm/models";

    private BundledModels() {}

    public static Path directory() {
        String configured = System.getProperty("ardm.models", System.getenv("ARDM_MODELS"));
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        try {
            Path classes = Path.of(BundledModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // module/target/classes or module/target/x.jar: the repository is three folders up.
            Path dir = classes.getParent();
            for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("models"))) return dir.resolve("models");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: fall through
        }
        return Path.of("models");
    }

    /** The bundled models' names (in the folder or on the classpath), sorted; empty when there are none. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>(folderNames());
        names.addAll(resourceNames());
        return List.copyOf(names);
    }

    private static List<String> folderNames() {
        Path dir = directory();
        if (!Files.isDirectory(dir)) return List.of();
        try {
            return modelFolders(dir);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The names of the folders in {@code dir} that hold a model file. */
    private static List<String> modelFolders(Path dir) throws IOException {
        try (Stream<Path> folders = Files.list(dir)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve(FILE_NAME))).map(f -> f.getFileName().toString()).toList();
        }
    }

    /** Names under {@value #RESOURCES} in every jar or class folder of the classpath. */
    private static List<String> resourceNames() {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = BundledModels.class.getClassLoader().getResources(RESOURCES);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("file")) {
                    names.addAll(modelFolders(Path.of(root.toURI())));
                } else if (root.openConnection() instanceof JarURLConnection jar) {
                    jar.setUseCaches(false);
                    try (JarFile file = jar.getJarFile()) {
                        file.stream().map(e -> e.getName()).filter(n -> n.startsWith(RESOURCES + "/") && n.endsWith("/" + FILE_NAME))
                                .map(n -> n.substring(RESOURCES.length() + 1, n.length() - FILE_NAME.length() - 1))
                                .filter(n -> !n.contains("/")).forEach(names::add);
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // an unreadable classpath entry holds no models
        }
        return names;
    }

    /** The model card of a bundled model, as text. */
    public static String cardText(String name) throws IOException {
        if (Files.isRegularFile(card(name))) return Files.readString(card(name));
        try (InputStream in = resource(name, CARD_NAME)) {
            if (in == null) throw new IOException("no model card for bundled model " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream resource(String name, String file) {
        return BundledModels.class.getClassLoader().getResourceAsStream(RESOURCES + "/" + name + "/" + file);
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
        if (looksLikeName && folderNames().contains(nameOrPath)) return file(nameOrPath);
        if (Files.exists(asPath) || !looksLikeName) return asPath;
        List<String> known = names();
        throw new CheckpointException(asPath, "no such checkpoint file, and no bundled model of that name ("
                + (known.isEmpty() ? "no bundled models in " + directory() : "bundled: " + String.join(", ", known)) + ")");
    }

    /** A bundled model by name (from the folder, else the classpath), or the checkpoint file {@code nameOrPath} names. */
    public static LoadedModel load(String nameOrPath) throws IOException {
        if (!folderNames().contains(nameOrPath) && resourceNames().contains(nameOrPath)) return loadResource(nameOrPath);
        return RunCheckpoint.loadForInference(resolve(nameOrPath));
    }

    /** Checkpoints are read with random access, so a classpath model is copied to a temporary file first. */
    private static LoadedModel loadResource(String name) throws IOException {
        Path copy = Files.createTempFile("ardm-" + name + "-", ".ardm");
        try (InputStream in = resource(name, FILE_NAME)) {
            if (in == null) throw new IOException("bundled model " + name + " vanished from the classpath");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return RunCheckpoint.loadForInference(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
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
