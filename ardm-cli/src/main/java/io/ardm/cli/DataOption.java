package io.ardm.cli;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data}: a corpus in the modality's formats, or (default) its bundled sample. */
final class DataOption {
    @Option(names = "--data", paramLabel = "PATH",
            description = "Data: for text8 models the real text8 (file or text8.zip) or a directory built by scripts/build-text8-like; "
                    + "for byte models a directory built by scripts/build-english-bytes or any file (split 90/5/5); for image "
                    + "models CIFAR-10's binary batches or a directory built by scripts/build-image-corpus; for audio models the "
                    + "Speech Commands tree (SC09's digits) or a directory built by scripts/build-speech-corpus. Omitted: the "
                    + "bundled sample of the model's modality (KJV text; four public-domain photographs; six speech clips).")
    Path path;

    Dataset load(Modality modality) throws IOException {
        return path == null ? modality.bundledSample() : modality.read(path);
    }
}
