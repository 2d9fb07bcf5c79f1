package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random round trips, each followed by decoding a damaged copy of its stream. A damaged stream must give a
 * {@link CorruptStreamException} or wrong symbols that pass {@link RansDecoder#finish} (rare by chance);
 * anything else (another exception, a hang) escapes and fails the calling test.
 */
final class RansFuzz {
    /** Of {@code roundTrips} damaged copies, {@code undetected} decoded without a {@link CorruptStreamException}. */
    record Outcome(int roundTrips, int undetected) {}

    private RansFuzz() {}

    static Outcome run(long seed, int roundTrips) {
        SplittableRandom random = new SplittableRandom(seed);
        int undetected = 0;
        for (int trip = 0; trip < roundTrips; trip++) {
            Categorical[] pool = new Categorical[1 + random.nextInt(4)];
            for (int m = 0; m < pool.length; m++) {
                int size = FrequencyQuantiserTest.randomAlphabetSize(random);
                pool[m] = Categorical.fromProbabilities(FrequencyQuantiserTest.randomDistribution(random, size),
                        FrequencyQuantiserTest.randomPrecision(random, size));
            }
            Categorical[] models = new Categorical[random.nextInt(300)];
            int[] message = new int[models.length];
            for (int i = 0; i < models.length; i++) {
                models[i] = pool[random.nextInt(pool.length)];
                message[i] = sample(models[i], random);
            }
            byte[] stream = encode(message, models);
            assertArrayEquals(message, decode(stream, models), "round trip " + trip);

            byte[] damaged = damage(stream, random);
            if (Arrays.equals(damaged, stream)) throw new AssertionError("trip " + trip + ": the damaged copy equals the stream");
            try {
                decode(damaged, models);
                undetected++;
            } catch (CorruptStreamException expected) {
                // detected
            }
        }
        return new Outcome(roundTrips, undetected);
    }

    /** Samples by quantile, i.e. from the quantised distribution, which also hits frequency-1 symbols. */
    static int sample(Categorical model, SplittableRandom random) {
        return model.symbolAt(random.nextInt(1 << model.precision()));
    }

    static byte[] encode(int[] message, Categorical[] models) {
        RansEncoder encoder = new RansEncoder();
        for (int i = message.length - 1; i >= 0; i--) encoder.push(message[i], models[i]);
        return encoder.toByteArray();
    }

    static int[] decode(byte[] stream, Categorical[] models) {
        RansDecoder decoder = new RansDecoder(stream, models.length);
        int[] symbols = new int[models.length];
        for (int i = 0; i < symbols.length; i++) symbols[i] = decoder.pop(models[i]);
        decoder.finish();
        return symbols;
    }

    /** Flipped bits, a truncation (whole words or not), appended bytes, or overwritten bytes. */
    private static byte[] damage(byte[] stream, SplittableRandom random) {
        byte[] copy = stream.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (Arrays.equals(copy, stream)) copy[0] ^= 1; // two flips of one bit cancelled out
            }
            case 1 -> copy = Arrays.copyOf(stream, random.nextInt(stream.length));
            case 2 -> {
                copy = Arrays.copyOf(stream, stream.length + 1 + random.nextInt(8));
                for (int i = stream.length; i < copy.length; i++) copy[i] = (byte) random.nextInt();
            }
            default -> {
                int from = random.nextInt(copy.length);
                int to = Math.min(copy.length, from + 1 + random.nextInt(16));
                do {
                    for (int i = from; i < to; i++) copy[i] = (byte) random.nextInt();
                } while (Arrays.equals(copy, stream));
            }
        }
        return copy;
    }
}
