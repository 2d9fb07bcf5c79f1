package io.ardm.nn;

import io.ardm.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** TEMPORARY: replaced by the registry from the optimizer work. */
public final class Parameters {
    private final Map<String, Tensor> byName = new LinkedHashMap<>();

    public Tensor add(String name, Tensor t) {
        if (byName.putIfAbsent(name, t) != null) throw new IllegalArgumentException("duplicate parameter " + name);
        return t;
    }

    public Map<String, Tensor> all() {
        return byName;
    }
}
