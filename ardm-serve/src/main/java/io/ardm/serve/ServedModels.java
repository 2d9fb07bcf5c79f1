package io.ardm.serve;

import io.ardm.Ardm;
import io.ardm.ArdmModel;
import io.javalin.http.HttpResponseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the server offers, loaded once at start (bundled names or checkpoint paths given on the command line).
 * A request names a model by its name only: no file-system path is ever taken from a request.
 */
final class ServedModels {
    private final Map<String, ArdmModel> byName = new LinkedHashMap<>();

    ServedModels(List<String> namesOrPaths) {
        List<String> wanted = namesOrPaths.isEmpty() ? Ardm.models() : namesOrPaths;
        for (String m : wanted) {
            ArdmModel model = Ardm.load(m);
            byName.put(model.name(), model);
        }
        if (byName.isEmpty()) throw new IllegalArgumentException("no model to serve");
    }

    List<ArdmModel> all() {
        return List.copyOf(byName.values());
    }

    /** The model a request names (404 for any other name). */
    ArdmModel get(String name) {
        if (name == null || name.isBlank()) return all().getFirst();
        ArdmModel m = byName.get(name);
        if (m == null) throw new HttpResponseException(404, "no model named '" + name + "' here; served: " + String.join(", ", byName.keySet()));
        return m;
    }

    Optional<ArdmModel> withFingerprint(byte[] fingerprint) {
        return byName.values().stream().filter(m -> Arrays.equals(m.fingerprint(), fingerprint)).findFirst();
    }
}
