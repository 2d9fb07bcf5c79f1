package io.ardm.nn;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint that cannot be used: missing, not a checkpoint, damaged, or for another model. One-line message. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String reason) {
        super(file == null ? reason : file + ": " + reason);
    }

    public CheckpointException(Path file, String reason, Throwable cause) {
        super(file == null ? reason : file + ": " + reason, cause);
    }
}
