package io.ardm.tensor.op;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * Some rows of a matrix and back: {@link #gather} takes rows {@code rows} of x [N, c] (any leading shape, flattened) into
 * [rows.length, c]; {@link #scatter} puts the rows of y [rows.length, c] back at their places in an [N, c] of zeros. For a
 * network whose loss reads a few positions, so that its last row-wise layers compute those rows alone.
 */
public final class Rows {
    private Rows() {}

    /** y[r] = x[rows[r]]; rows distinct and in [0, N). */
    public static Tensor gather(Tape tape, Tensor x, int[] rows) {
        int c = x.cols();
        check(rows, x.rows());
        boolean grad = tape.records(x);
        Tensor y = Tensor.overwrittenOutput(grad, rows.length, c);
        for (int r = 0; r < rows.length; r++) System.arraycopy(x.data, rows[r] * c, y.data, r * c, c);
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            for (int r = 0; r < rows.length; r++) {
                int at = rows[r] * c;
                for (int j = 0; j < c; j++) dx[at + j] += dy[r * c + j];
            }
        });
        return y;
    }

    /** [n, c] with x[r] at row rows[r] and zeros elsewhere; rows distinct and in [0, n). */
    public static Tensor scatter(Tape tape, Tensor x, int[] rows, int n) {
        int c = x.cols();
        if (x.rows() != rows.length) throw new IllegalArgumentException("rows: " + x + " does not have " + rows.length + " rows");
        check(rows, n);
        boolean grad = tape.records(x);
        Tensor y = Tensor.output(grad, n, c);
        for (int r = 0; r < rows.length; r++) System.arraycopy(x.data, r * c, y.data, rows[r] * c, c);
        if (grad) tape.record(y, () -> {
            float[] dy = y.grad();
            float[] dx = x.grad();
            for (int r = 0; r < rows.length; r++) {
                int at = rows[r] * c;
                for (int j = 0; j < c; j++) dx[r * c + j] += dy[at + j];
            }
        });
        return y;
    }

    /** Rows ascending (so distinct) and within [0, n): what every caller passes, and what keeps the ops well defined. */
    private static void check(int[] rows, int n) {
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= n || (r > 0 && rows[r] <= rows[r - 1])) {
                throw new IllegalArgumentException("rows must ascend within [0, " + n + "): rows[" + r + "] = " + rows[r]);
            }
        }
    }
}
