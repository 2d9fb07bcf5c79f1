package io.ardm.codec;

import java.util.SplittableRandom;

/**
 * Throughput probe for the rANS coder (call from a benchmark or jshell; not a unit test, because timings
 * do not belong in assertions). Symbols are drawn from random distributions over a small alphabet; each
 * symbol has its own distribution, as in ARDM where every position gets its own network output.
 */
public final class RansThroughput {
    /**
     * @param symbolsPerSecond encode + decode of the whole message, best of the repetitions
     * @param bitsPerSymbol    achieved code length; {@code idealBitsPerSymbol} is −log2 of the quantised model
     */
    public record Result(int alphabetSize, int symbols, boolean quantiseInLoop, double encodeSymbolsPerSecond,
                         double decodeSymbolsPerSecond, double symbolsPerSecond, double bitsPerSymbol, double idealBitsPerSymbol) {}

    private RansThroughput() {}

    /**
     * @param quantiseInLoop true: build every symbol's {@link Categorical} from float probabilities inside the
     *                       timed loops (what ARDM coding does); false: models are prebuilt and only coding is timed
     */
    public static Result measure(int alphabetSize, int symbols, boolean quantiseInLoop, int repetitions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int distinct = Math.min(symbols, 4096);
        float[] probabilities = new float[distinct * alphabetSize];
        Categorical[] models = new Categorical[distinct];
        for (int d = 0; d < distinct; d++) {
            for (int k = 0; k < alphabetSize; k++) {
                probabilities[d * alphabetSize + k] = (float) Math.pow(random.nextDouble(), 4);
            }
            models[d] = Categorical.fromProbabilities(probabilities, d * alphabetSize, alphabetSize, Categorical.DEFAULT_PRECISION);
        }
        int[] message = new int[symbols];
        double idealBits = 0;
        for (int i = 0; i < symbols; i++) {
            Categorical model = models[i % distinct];
            message[i] = model.symbolAt(random.nextInt(1 << model.precision()));
            idealBits += model.bits(message[i]);
        }

        long bestEncode = Long.MAX_VALUE;
        long bestDecode = Long.MAX_VALUE;
        long bestTotal = Long.MAX_VALUE;
        byte[] compressed = null;
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime();
            RansEncoder encoder = new RansEncoder();
            for (int i = symbols - 1; i >= 0; i--) {
                encoder.push(message[i], model(models, probabilities, alphabetSize, i, quantiseInLoop));
            }
            compressed = encoder.toByteArray();
            long encoded = System.nanoTime();
            RansDecoder decoder = new RansDecoder(compressed, symbols);
            for (int i = 0; i < symbols; i++) {
                if (decoder.pop(model(models, probabilities, alphabetSize, i, quantiseInLoop)) != message[i]) {
                    throw new IllegalStateException("round trip failed at symbol " + i);
                }
            }
            decoder.finish();
            long decoded = System.nanoTime();
            bestEncode = Math.min(bestEncode, encoded - start);
            bestDecode = Math.min(bestDecode, decoded - encoded);
            bestTotal = Math.min(bestTotal, decoded - start);
        }
        return new Result(alphabetSize, symbols, quantiseInLoop, symbols * 1e9 / bestEncode, symbols * 1e9 / bestDecode,
                symbols * 1e9 / bestTotal, 8.0 * compressed.length / symbols, idealBits / symbols);
    }

    private static Categorical model(Categorical[] models, float[] probabilities, int alphabetSize, int i, boolean quantise) {
        int d = i % models.length;
        return quantise
                ? Categorical.fromProbabilities(probabilities, d * alphabetSize, alphabetSize, Categorical.DEFAULT_PRECISION)
                : models[d];
    }
}
