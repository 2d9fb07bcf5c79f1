package io.ardm.tensor;

/**
 * Per-thread scratch space of the GEMM kernels, grown on demand and reused by every later product on the
 * same thread (packing buffers are too large to allocate per call).
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> PER_THREAD = ThreadLocal.withInitial(GemmBuffers::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] edge = new float[0];

    private GemmBuffers() {}

    static GemmBuffers get() {
        return PER_THREAD.get();
    }

    /** Space for packed blocks of op(A), at least {@code size} floats. */
    float[] packedA(int size) {
        if (packedA.length < size) packedA = new float[size];
        return packedA;
    }

    /** Space for one tile or row of C that overhangs the edge of C, at least {@code size} floats. */
    float[] edge(int size) {
        if (edge.length < size) edge = new float[size];
        return edge;
    }

    /** Space for packed blocks of op(B), at least {@code size} floats. */
    float[] packedB(int size) {
        if (packedB.length < size) packedB = new float[size];
        return packedB;
    }
}
