package io.ardm.tensor.op;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/** Row lookup y[i] = table[ids[i]]: table [V, d], ids of any shape S → y [S..., d]. */
public final class Embedding {
    private Embedding() {}

    public static Tensor apply(Tape tape, Tensor table, int[] ids, int... idShape) {
        int vocab = table.dim(0);
        int d = table.dim(1);
        if (Tensor.sizeOf(idShape) != ids.length) throw new IllegalArgumentException("embedding: ids do not match their shape");
        int[] shape = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        shape[idShape.length] = d;
        boolean grad = tape.records(table);
        Tensor y = Tensor.output(grad, shape);
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("embedding: id " + id + " outside [0, " + vocab + ")");
            System.arraycopy(table.data, id * d, y.data, i * d, d);
        }
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dt = table.grad();
            for (int i = 0; i < ids.length; i++) {
                int row = ids[i] * d;
                for (int j = 0; j < d; j++) dt[row + j] += dy[i * d + j];
            }
        });
        return y;
    }
}
