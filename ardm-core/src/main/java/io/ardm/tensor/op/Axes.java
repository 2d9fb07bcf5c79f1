package io.ardm.tensor.op;

/** Axis arithmetic shared by the layout ops: a row-major tensor seen as [outer, dim, inner] around one axis. */
final class Axes {
    private Axes() {}

    /** Resolves a possibly negative axis (counting from the end) against a rank. */
    static int resolve(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        return a;
    }

    /** Product of the dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        return Math.toIntExact(product(shape, 0, axis));
    }

    /** Product of the dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        return Math.toIntExact(product(shape, axis + 1, shape.length));
    }

    private static long product(int[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }
}
