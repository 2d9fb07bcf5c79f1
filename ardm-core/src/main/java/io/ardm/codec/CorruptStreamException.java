package io.ardm.codec;

/**
 * A rANS payload that cannot be what an encoder wrote: truncated, bit-flipped, or decoded with other
 * probabilities than it was encoded with. Unchecked because decoding runs inside model loops and lambdas.
 */
public final class CorruptStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptStreamException(String message) {
        super(message);
    }
}
