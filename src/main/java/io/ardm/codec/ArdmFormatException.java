package io.ardm.codec;

import java.io.IOException;

/** A file that is not a readable ardm container, or that does not belong to the model at hand. */
public final class ArdmFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArdmFormatException(String message) {
        super(message);
    }
}
