package io.ardm.codec;

import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.model.TextArdm;
import io.ardm.nn.TransformerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Round trips of whole files through tiny random transformers (random model seeds, lengths, texts and budgets),
 * then damaged copies (bit flips, truncation, extra bytes, another model): each must either fail with an
 * {@link IOException} carrying a message, or decode to exactly the original. Anything else is a failure.
 */
final class TextFileCodecFuzz {
    static final int D = 24;

    record Outcome(int roundTrips, int damaged, int rejected, int decodedIdentically) {}

    private TextFileCodecFuzz() {}

    static TextFileCodec codec(long modelSeed) {
        TextArdm net = new TextArdm(new TransformerConfig(1, 16, 2, 32, 29, 28, D, 0f, false, false), modelSeed);
        byte[] fingerprint = ByteBuffer.allocate(32).putLong(modelSeed).array();
        return new TextFileCodec(net, fingerprint, Order.random(D, new SplittableRandom(modelSeed)), b -> Policy.naive(D, b));
    }

    static Outcome run(long seed, int roundTrips) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        TextFileCodec[] models = {codec(1), codec(2), codec(3)};
        int damaged = 0, rejected = 0, identical = 0;
        for (int i = 0; i < roundTrips; i++) {
            int m = rng.nextInt(models.length);
            byte[] text = randomText(rng, rng.nextInt(4) == 0 ? rng.nextInt(3) : rng.nextInt(5 * D));
            int budget = 1 + rng.nextInt(D);
            byte[] packed = models[m].compress(text, budget);
            byte[] back = models[m].decompress(packed);
            if (!Arrays.equals(text, back)) throw new AssertionError("round trip " + i + " failed (model " + m + ", budget " + budget + ")");

            byte[] broken = damage(packed, rng);
            TextFileCodec decoder = rng.nextInt(8) == 0 ? models[(m + 1) % models.length] : models[m];
            damaged++;
            try {
                byte[] out = decoder.decompress(broken);
                if (!Arrays.equals(out, text)) throw new AssertionError("damaged file " + i + " decoded to different text without an error");
                identical++;
            } catch (IOException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("error without a message", e);
                rejected++;
            }
        }
        return new Outcome(roundTrips, damaged, rejected, identical);
    }

    private static byte[] randomText(SplittableRandom rng, int length) {
        byte[] t = new byte[length];
        for (int j = 0; j < length; j++) t[j] = (byte) (rng.nextInt(6) == 0 ? ' ' : 'a' + rng.nextInt(26));
        return t;
    }

    private static byte[] damage(byte[] packed, SplittableRandom rng) {
        return switch (rng.nextInt(4)) {
            case 0 -> Arrays.copyOf(packed, rng.nextInt(packed.length)); // truncated
            case 1 -> {
                byte[] b = Arrays.copyOf(packed, packed.length + 1 + rng.nextInt(8)); // trailing bytes
                b[packed.length] = (byte) rng.nextInt(256);
                yield b;
            }
            default -> {
                byte[] b = packed.clone();
                int flips = 1 + rng.nextInt(3);
                for (int f = 0; f < flips; f++) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                yield b;
            }
        };
    }
}
