package io.ardm.codec;

import java.util.Arrays;

/**
 * A categorical entropy model over symbols 0..K−1: integer frequencies summing to 2^precision and their
 * cumulative table. Immutable, so one instance can be reused for many symbols (the fast path); building
 * one costs O(K). Independent of any coder, like the models of the Rust library constriction.
 */
public final class Categorical {
    /**
     * Highest precision the rANS coder accepts. Once warm its state lies in [2^31, 2^63); right after
     * renormalising it is at least f·2^(31−precision), so at 28 bits it still holds ≥ 3 fractional bits and the
     * coder stays within a few thousandths of a bit per symbol of the model (measured in RansCoderTest).
     */
    public static final int MAX_PRECISION = 28;
    /** Costs under 3e−5 bits per symbol for byte alphabets (see FrequencyQuantiser) and is fast. */
    public static final int DEFAULT_PRECISION = 24;

    private final int precision;
    /**
     * The symbols' ranges of quantiles, laid out in rank order: rank r owns [cumulative[r], cumulative[r+1]);
     * cumulative[K] = 2^precision; strictly increasing.
     */
    private final int[] cumulative;
    /** The symbol of each rank, and its inverse; null when ranks are the symbols themselves (the usual layout). */
    private final int[] symbolOfRank, rankOfSymbol;

    private Categorical(int precision, int[] cumulative, int[] symbolOfRank) {
        this.precision = precision;
        this.cumulative = cumulative;
        this.symbolOfRank = symbolOfRank;
        if (symbolOfRank == null) {
            rankOfSymbol = null;
        } else {
            rankOfSymbol = new int[symbolOfRank.length];
            for (int r = 0; r < symbolOfRank.length; r++) rankOfSymbol[symbolOfRank[r]] = r;
        }
    }

    public static Categorical fromProbabilities(double[] probabilities, int precision) {
        return fromValidFrequencies(FrequencyQuantiser.quantise(probabilities, precision), precision);
    }

    /** From probabilities[offset .. offset+count), e.g. one row of a network's output. */
    public static Categorical fromProbabilities(float[] probabilities, int offset, int count, int precision) {
        return fromValidFrequencies(FrequencyQuantiser.quantise(probabilities, offset, count, precision), precision);
    }

    public static Categorical fromFrequencies(int[] frequencies, int precision) {
        requirePrecision(precision);
        if (frequencies.length == 0) throw new IllegalArgumentException("a categorical needs at least one symbol");
        long sum = 0;
        for (int s = 0; s < frequencies.length; s++) {
            if (frequencies[s] < 1) {
                throw new IllegalArgumentException("frequency of symbol " + s + " is " + frequencies[s] + "; every symbol needs at least 1");
            }
            sum += frequencies[s];
        }
        if (sum != 1L << precision) {
            throw new IllegalArgumentException("frequencies sum to " + sum + ", not 2^" + precision);
        }
        return fromValidFrequencies(frequencies.clone(), precision);
    }

    /** Uniform over {@code size} symbols (sizes that do not divide 2^precision give the first symbols one more). */
    public static Categorical uniform(int size, int precision) {
        double[] equal = new double[size];
        Arrays.fill(equal, 1);
        return fromProbabilities(equal, precision);
    }

    /**
     * This distribution with at most {@code bits} of precision: its frequencies re-quantised (exact integers
     * widened to doubles, so just as deterministic), and the symbols' ranges laid out most frequent first (for
     * the rANS cold start). Needs 2^bits ≥ size().
     */
    public Categorical coarsened(int bits) {
        if (bits >= precision) return this;
        double[] weights = new double[size()];
        for (int s = 0; s < weights.length; s++) weights[s] = frequency(s);
        int[] frequencies = FrequencyQuantiser.quantise(weights, bits);
        // Most frequent first (ties: lower symbol first). A coder state x below a symbol's frequency grows to
        // cumulative + x when it is pushed, so the likely symbols cost least at the bottom of the table.
        // One primitive sort of (complemented frequency, symbol) keys: a boxed comparator sort took ~10 ms for 65,536
        // symbols, and the cold start coarsens a model up to 2·(28 − 16) times per stream.
        long[] ranked = new long[frequencies.length];
        for (int s = 0; s < ranked.length; s++) ranked[s] = (long) (Integer.MAX_VALUE - frequencies[s]) << 32 | s;
        Arrays.sort(ranked);
        int[] symbolOfRank = new int[ranked.length];
        int[] cumulative = new int[ranked.length + 1];
        for (int r = 0; r < ranked.length; r++) {
            symbolOfRank[r] = (int) ranked[r];
            cumulative[r + 1] = cumulative[r] + frequencies[symbolOfRank[r]];
        }
        return new Categorical(bits, cumulative, symbolOfRank);
    }

    private static Categorical fromValidFrequencies(int[] frequencies, int precision) {
        int[] cumulative = new int[frequencies.length + 1];
        for (int s = 0; s < frequencies.length; s++) cumulative[s + 1] = cumulative[s] + frequencies[s];
        return new Categorical(precision, cumulative, null);
    }

    static void requirePrecision(int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be 1.." + MAX_PRECISION + " bits, got " + precision);
        }
    }

    public int size() {
        return cumulative.length - 1;
    }

    public int precision() {
        return precision;
    }

    public int frequency(int symbol) {
        int r = rank(symbol);
        return cumulative[r + 1] - cumulative[r];
    }

    /** The first quantile of {@code symbol}'s range. */
    public int cumulative(int symbol) {
        return cumulative[rank(symbol)];
    }

    /** The ideal code length of {@code symbol} under this model: precision − log2 frequency. */
    public double bits(int symbol) {
        return precision - Math.log(frequency(symbol)) / Math.log(2);
    }

    /** The symbol s with cumulative(s) ≤ quantile < cumulative(s) + frequency(s), by binary search. */
    public int symbolAt(int quantile) {
        if (quantile < 0 || quantile >= cumulative[cumulative.length - 1]) {
            throw new IllegalArgumentException("quantile " + quantile + " outside [0, 2^" + precision + ")");
        }
        int low = 0;
        int high = cumulative.length - 1;
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] <= quantile) low = middle;
            else high = middle;
        }
        return symbolOfRank == null ? low : symbolOfRank[low];
    }

    private int rank(int symbol) {
        if (symbol < 0 || symbol >= cumulative.length - 1) {
            throw new IllegalArgumentException("symbol " + symbol + " outside the alphabet 0.." + (cumulative.length - 2));
        }
        return rankOfSymbol == null ? symbol : rankOfSymbol[symbol];
    }
}
