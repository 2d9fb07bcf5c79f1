package io.ardm;

import java.io.IOException;

/**
 * Compressed data that cannot be decoded: truncated, corrupt (a checksum fails), of an unknown format version, or
 * written with another model than the one at hand. Thrown where the problem is detected; the message is one line.
 */
public final class ArdmFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line reason.
     *
     * @param message what is wrong with the data, e.g. "truncated ardm file: stream 1 of 2 is missing"
     */
    public ArdmFormatException(String message) {
        super(message);
    }
}
