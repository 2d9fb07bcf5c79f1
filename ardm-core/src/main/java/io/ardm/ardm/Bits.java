package io.ardm.ardm;

/** Unit conversion: every reported loss is in bits per dimension (spec §1). */
public final class Bits {
    private static final double LN2 = Math.log(2);

    private Bits() {}

    /** A sum of natural-log probabilities over a datapoint of {@code dims} dimensions → bits per dimension. */
    public static double perDimension(double nats, int dims) {
        return nats / (dims * LN2);
    }
}
