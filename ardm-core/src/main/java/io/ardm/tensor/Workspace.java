package io.ardm.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffers of a computation that repeats with the same shapes (a training step), kept from one run to the next as
 * llm.c preallocates its activations: while a workspace is {@linkplain #enter entered} on a thread, the k-th buffer the
 * thread asks for ({@link Tensor#output}, the gradients of those outputs, attention's probabilities) is the k-th buffer
 * of the previous run when the sizes match, so a step allocates nothing after the first, the garbage collector has
 * nothing to do and the heap stays at what one step holds. A buffer whose size differs from last time is replaced.
 * A buffer {@linkplain #release released} during the run (a gradient the backward pass is done with) serves the next
 * request of its size first, so the run holds its activations and only the gradients still live. A buffer replaced by one of
 * another size is kept as a spare (up to as many floats as the run's own buffers), so runs whose shapes alternate among a few
 * (a training step's loss rows, rounded up to {@link #ROW_MULTIPLE}) allocate nothing either. Buffers are only
 * valid until the workspace is entered again: nothing that outlives the computation may be built in it.
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    /**
     * Rows a computation whose shapes vary from run to run (a training step's loss rows) rounds its row counts up to, so
     * that they take a few sizes, each of whose buffers the workspace keeps.
     */
    public static final int ROW_MULTIPLE = 256;

    private final List<float[]> buffers = new ArrayList<>();
    /** Buffers of other sizes that earlier runs held in the same places, by size: a run shaped as an earlier one takes them back. */
    private final Map<Integer, ArrayDeque<float[]>> spares = new HashMap<>();
    private long spareFloats;
    private final Map<Integer, ArrayDeque<float[]>> released = new HashMap<>();
    private int next;

    /** The thread's buffers, while it is inside {@link #enter}. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** Starts a run on this thread: the buffers of the last run are handed out again, in the same order. */
    public Scope enter() {
        if (ACTIVE.get() != null) throw new IllegalStateException("a workspace is already entered on this thread");
        next = 0;
        released.clear();
        ACTIVE.set(this);
        return ACTIVE::remove;
    }

    /** Bytes held for the runs (what one run needs). */
    public long bytes() {
        long floats = 0;
        for (float[] b : buffers) floats += b.length;
        return 4 * floats;
    }

    /** A zeroed array of n floats: from the workspace entered on this thread, or a new one. */
    public static float[] zeros(int n) {
        Workspace w = ACTIVE.get();
        if (w == null) return new float[n];
        float[] b = w.take(n);
        Arrays.fill(b, 0f);
        return b;
    }

    /** An array of n floats that the caller overwrites whole before reading any: as {@link #zeros}, without the zeroing. */
    public static float[] overwritten(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new float[n] : w.take(n);
    }

    /** Whether this thread is inside a workspace (tensors made now are the run's, not the caller's to keep). */
    static boolean active() {
        return ACTIVE.get() != null;
    }

    /** Gives a buffer of this thread's workspace back for the rest of the run; nothing outside a workspace. */
    static void release(float[] buffer) {
        Workspace w = ACTIVE.get();
        if (w != null) w.released.computeIfAbsent(buffer.length, n -> new ArrayDeque<>()).push(buffer);
    }

    private float[] take(int n) {
        ArrayDeque<float[]> free = released.get(n);
        if (free != null && !free.isEmpty()) return free.pop();
        int k = next++;
        if (k < buffers.size() && buffers.get(k).length == n) return buffers.get(k);
        ArrayDeque<float[]> sized = spares.get(n);
        float[] chosen;
        if (sized != null && !sized.isEmpty()) {
            chosen = sized.pop();
            spareFloats -= n;
        } else {
            chosen = new float[n];
        }
        if (k < buffers.size()) keepSpare(buffers.set(k, chosen));
        else buffers.add(chosen);
        return chosen;
    }

    /** Keeps a buffer a run no longer holds for a later run of that shape, up to as many floats as the runs' own buffers. */
    private void keepSpare(float[] buffer) {
        if (4 * (spareFloats + buffer.length) > bytes()) {
            spares.clear();
            spareFloats = 0;
        }
        spares.computeIfAbsent(buffer.length, size -> new ArrayDeque<>()).push(buffer);
        spareFloats += buffer.length;
    }
}
