package io.ardm.ardm.process;

/**
 * Depth upscaling by zeroing least significant base-b digits (paper §3.2, spec §3.1, the code's
 * {@code zero_least_significant_bit(K, b)}): S = ⌈log_b K⌉ stages; after generative stage g (0 = the coarsest) a
 * datum x shows ⌊x / b^r⌋·b^r with r = S − 1 − g digits still zeroed, so stage g decides digit r of x. Before the
 * first stage every value is 0, the absorbing state. K = 8, b = 2: x^(1) ∈ {0, 4}, x^(2) ∈ {0, 2, 4, 6}, x^(3) = x.
 */
public record ZeroLeastSignificant(int classes, int branching, int stages) {
    public ZeroLeastSignificant {
        if (classes < 2 || branching < 2) throw new IllegalArgumentException("need K >= 2 classes and a branching factor b >= 2");
    }

    /** The transitions for K classes and branching factor b; S is the smallest with b^S ≥ K (integers only). */
    public static ZeroLeastSignificant of(int classes, int branching) {
        int s = 0;
        for (long reach = 1; reach < classes; reach *= branching) s++;
        return new ZeroLeastSignificant(classes, branching, s);
    }

    /** b^r for the digit stage g decides (r = S − 1 − g): the size of the block of data classes one choice stands for. */
    public int blockSize(int stage) {
        long size = 1;
        for (int i = 0; i < stages - 1 - stage; i++) size *= branching;
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** x^(s−1): what x shows before stage g, with its r + 1 lowest digits zeroed. */
    public int past(int stage, int x) {
        long block = (long) blockSize(stage) * branching;
        return (int) (x / block * block);
    }

    /** x^(s): what x shows after stage g, with its r lowest digits zeroed. */
    public int future(int stage, int x) {
        int block = blockSize(stage);
        return x / block * block;
    }

    /** The digit stage g decides: 0 ≤ ⌊x / b^r⌋ mod b &lt; b. */
    public int digit(int stage, int x) {
        return x / blockSize(stage) % branching;
    }
}
