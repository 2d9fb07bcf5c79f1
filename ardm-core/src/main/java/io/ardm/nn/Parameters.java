package io.ardm.nn;

import io.ardm.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a model, by name, in creation order (the order the optimiser, clipping and
 * checkpoints walk them).
 *
 * <p>Each parameter's initial values come from its own random stream, seeded from the model seed and the
 * parameter's name. A parameter's initial values therefore depend only on (seed, name, shape, initialiser):
 * the same config and seed give the same model, and adding or reordering layers does not change the
 * others.
 */
public final class Parameters {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;
    private final Map<String, Tensor> byName = new LinkedHashMap<>();

    public Parameters(long seed) {
        this.seed = seed;
    }

    /** Creates, initialises and registers a parameter; names must be unique. */
    public Tensor create(String name, Initializer init, int... shape) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("parameter name must not be empty");
        if (byName.containsKey(name)) throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
        Tensor t = Tensor.parameter(shape);
        init.fill(t.data, t.shape(), streamFor(name));
        byName.put(name, t);
        return t;
    }

    private SplittableRandom streamFor(String name) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * FNV_PRIME;
        return new SplittableRandom(h + seed * GOLDEN_GAMMA);
    }

    public Tensor get(String name) {
        Tensor t = byName.get(name);
        if (t == null) throw new IllegalArgumentException("no parameter named '" + name + "'");
        return t;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Read-only view in creation order. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Number of parameter tensors. */
    public int size() {
        return byName.size();
    }

    /** Number of scalar values over all parameters. */
    public long count() {
        long n = 0;
        for (Tensor t : byName.values()) n += t.size();
        return n;
    }

    public void zeroGrad() {
        for (Tensor t : byName.values()) t.zeroGrad();
    }

    /** All values in one array, tensor after tensor in name order: what ships to other machines. */
    public float[] flatValues() {
        return flatten(false);
    }

    /** All gradients in the layout of {@link #flatValues} (zeros for a tensor without one). */
    public float[] flatGradients() {
        return flatten(true);
    }

    private float[] flatten(boolean gradients) {
        float[] flat = new float[Math.toIntExact(count())];
        int at = 0;
        for (Tensor t : byName.values()) {
            if (!gradients) System.arraycopy(t.data, 0, flat, at, t.size());
            else if (t.hasGrad()) System.arraycopy(t.grad(), 0, flat, at, t.size());
            at += t.size();
        }
        return flat;
    }

    /** Sets every value from an array in the layout of {@link #flatValues}. */
    public void setFlatValues(float[] flat) {
        if (flat.length != count()) throw new IllegalArgumentException(flat.length + " values for " + count() + " parameters");
        int at = 0;
        for (Tensor t : byName.values()) {
            System.arraycopy(flat, at, t.data, 0, t.size());
            at += t.size();
        }
    }

    /** A deep copy: same names, shapes and values, fresh tensors without gradients. */
    public Parameters copy() {
        Parameters c = new Parameters(seed);
        for (var e : byName.entrySet()) {
            Tensor t = Tensor.parameter(e.getValue().shape());
            System.arraycopy(e.getValue().data, 0, t.data, 0, t.size());
            c.byName.put(e.getKey(), t);
        }
        return c;
    }

    /** Copies all values from {@code source}, which must have the same names (in any order) and shapes. */
    public void copyValuesFrom(Parameters source) {
        requireSameLayout(source);
        for (var e : byName.entrySet()) {
            float[] src = source.get(e.getKey()).data;
            System.arraycopy(src, 0, e.getValue().data, 0, src.length);
        }
    }

    /** Throws unless {@code other} has exactly these names with these shapes. */
    void requireSameLayout(Parameters other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("parameter sets differ: " + size() + " vs " + other.size() + " tensors");
        }
        for (var e : byName.entrySet()) {
            Tensor theirs = other.byName.get(e.getKey());
            if (theirs == null) throw new IllegalArgumentException("parameter sets differ: '" + e.getKey() + "' is missing");
            if (!Arrays.equals(theirs.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape " + Arrays.toString(theirs.shape())
                        + ", expected " + Arrays.toString(e.getValue().shape()));
            }
        }
    }
}
