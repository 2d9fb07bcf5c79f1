package io.ardm.tensor;

/**
 * Per-thread scratch space of the GEMM kernels, allocated once per thread and reused by every product
 * that thread computes (packing buffers are far too large to allocate per call).
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> PER_THREAD = ThreadLocal.withInitial(GemmBuffers::new);

    /** A block of op(A), MC×KC, in micro-panels of MR rows. */
    final float[] packedA = new float[PackedGemm.MC * PackedGemm.KC];
    /** A block of op(B), KC×NC, in micro-panels of NR columns (or plain rows for {@link RowGemm}). */
    final float[] packedB = new float[PackedGemm.KC * PackedGemm.NC];
    /** One MR×NR tile of C, for tiles that overhang the edge of C. */
    final float[] edgeTile = new float[PackedGemm.MR * PackedGemm.NR];

    private GemmBuffers() {}

    static GemmBuffers get() {
        return PER_THREAD.get();
    }
}
