package io.ardm.cli;

import io.ardm.data.Text8Reader;
import io.ardm.data.TextDataset;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data}: text8, text8.zip, a built text8-like corpus directory, or (default) the bundled sample. */
final class DataOption {
    @Option(names = "--data", paramLabel = "PATH",
            description = "Text data: the real text8 (file or text8.zip), a corpus directory built by "
                    + "scripts/build-text8-like, or omitted for the bundled public-domain sample (KJV, 2M chars).")
    Path path;

    /** "train", "valid" or "test" → the split, with a one-line error otherwise. */
    static TextDataset.Split split(String name) {
        return switch (name) {
            case "train" -> TextDataset.Split.TRAIN;
            case "valid" -> TextDataset.Split.VALID;
            case "test" -> TextDataset.Split.TEST;
            default -> throw new IllegalArgumentException("--split must be train, valid or test, got '" + name + "'");
        };
    }

    TextDataset load() throws IOException {
        return path == null ? TextDataset.bundledSample() : Text8Reader.read(path);
    }
}
