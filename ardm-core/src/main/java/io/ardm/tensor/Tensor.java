package io.ardm.tensor;

import java.util.Arrays;

/**
 * A dense, row-major float32 tensor. Views made by {@link #reshape} share both the values and the
 * gradient buffer, so a reshape needs no backward step.
 */
public final class Tensor {
    private final int[] shape;
    public final float[] data;
    private final float[][] gradSlot;
    private final boolean requiresGrad;
    /** An op's output made inside a {@link Workspace}: its gradient comes from the workspace too. */
    private final boolean scoped;

    private Tensor(float[] data, int[] shape, boolean requiresGrad, float[][] gradSlot) {
        this(data, shape, requiresGrad, gradSlot, false);
    }

    private Tensor(float[] data, int[] shape, boolean requiresGrad, float[][] gradSlot, boolean scoped) {
        if (data.length != sizeOf(shape)) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + Arrays.toString(shape));
        }
        this.data = data;
        this.shape = shape.clone();
        this.requiresGrad = requiresGrad;
        this.gradSlot = gradSlot;
        this.scoped = scoped;
    }

    /** A constant (no gradient) tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[sizeOf(shape)], shape, false, new float[1][]);
    }

    /** A constant tensor wrapping {@code data} (not copied). */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape, false, new float[1][]);
    }

    /** A trainable tensor of zeros: gradients flow into it. */
    public static Tensor parameter(int... shape) {
        return new Tensor(new float[sizeOf(shape)], shape, true, new float[1][]);
    }

    /**
     * An op's output, zeros: needs a gradient iff the tape records the op. Inside a {@link Workspace} its values and
     * gradient are the workspace's buffers.
     */
    public static Tensor output(boolean requiresGrad, int... shape) {
        return new Tensor(Workspace.zeros(sizeOf(shape)), shape, requiresGrad, new float[1][], Workspace.active());
    }

    /**
     * An op's output that the op writes whole before anything reads it: as {@link #output}, but inside a workspace its
     * reused buffer is not zeroed first (zeroing took 3.8 % of a small transformer training step's profile).
     */
    public static Tensor overwrittenOutput(boolean requiresGrad, int... shape) {
        return new Tensor(Workspace.overwritten(sizeOf(shape)), shape, requiresGrad, new float[1][], Workspace.active());
    }

    public static int sizeOf(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int size() {
        return data.length;
    }

    /** Size of the last dimension. */
    public int cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** Product of all but the last dimension. */
    public int rows() {
        return data.length / Math.max(1, cols());
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient buffer, allocated (zeroed) on first use. */
    public float[] grad() {
        if (gradSlot[0] == null) gradSlot[0] = scoped ? Workspace.zeros(data.length) : new float[data.length];
        return gradSlot[0];
    }

    /** Hands the gradient buffer of an output made inside a workspace back to it (the tape, once the gradient is dead). */
    void releaseGrad() {
        if (!scoped || gradSlot[0] == null) return;
        Workspace.release(gradSlot[0]);
        gradSlot[0] = null;
    }

    public boolean hasGrad() {
        return gradSlot[0] != null;
    }

    public void zeroGrad() {
        if (gradSlot[0] != null) Arrays.fill(gradSlot[0], 0f);
    }

    /** A view with another shape over the same values and gradient. */
    public Tensor reshape(int... newShape) {
        int[] resolved = newShape.clone();
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("only one -1 allowed in " + Arrays.toString(newShape));
                unknown = i;
            } else {
                known *= resolved[i];
            }
        }
        if (unknown >= 0) resolved[unknown] = known == 0 ? 0 : data.length / known;
        if (sizeOf(resolved) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(data, resolved, requiresGrad, gradSlot, scoped);
    }

    public float item() {
        if (data.length != 1) throw new IllegalStateException("item() on a tensor of shape " + Arrays.toString(shape));
        return data[0];
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (requiresGrad ? " (grad)" : "");
    }
}
