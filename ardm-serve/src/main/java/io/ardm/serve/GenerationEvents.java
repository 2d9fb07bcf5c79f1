package io.ardm.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.ArdmModel;
import io.ardm.ardm.Generation;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Modality;
import io.ardm.run.LoadedModel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Generation as a stream of events, one per network call: which positions that call revealed, what every position
 * shows now, and the policy's expected bits for the call (D·k·L_l for a step [l, l+k) of the DP policy, from the
 * model's loss components); then the result. Sample and infill are the library's own ({@link LoadedModel#sample},
 * {@link LoadedModel#infill}); this class only watches them.
 */
final class GenerationEvents implements Generation.Snapshots {
    /** Thrown from inside generation when the client has gone away, to stop the work. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client went away", null, false, false);
        }
    }

    private final ObjectMapper json;
    private final Modality modality;
    private final int initial;
    private final boolean oneStage;
    private final StagePolicies policies;
    private final double[] components;
    private final int d;
    private final Consumer<ObjectNode> send;
    private final java.util.function.BooleanSupplier gone;
    private int[] previous;
    private int call;
    private int stage = -1;
    private int callInStage;

    GenerationEvents(ObjectMapper json, ArdmModel model, StagePolicies policies, Consumer<ObjectNode> send, java.util.function.BooleanSupplier gone) {
        LoadedModel m = model.loaded();
        this.json = json;
        this.modality = m.modality();
        this.initial = m.process().initial();
        this.oneStage = m.process().stages() == 1;
        this.policies = policies;
        this.components = m.components().estimate();
        this.d = m.length();
        this.send = send;
        this.gone = gone;
        this.previous = new int[d];
        Arrays.fill(previous, initial);
    }

    /** Infilling: the given positions are shown from the start, so the first call's event does not count them as revealed. */
    void given(Modality.Masked masked) {
        for (int j = 0; j < masked.known().length && j < d; j++) if (masked.known()[j]) previous[j] = masked.symbols()[j];
    }

    @Override
    public void afterCall(int g, int[] x) {
        if (gone.getAsBoolean()) throw new ClientGone();
        if (g != stage) {
            stage = g;
            callInStage = 0;
        }
        ObjectNode e = json.createObjectNode().put("call", ++call).put("stage", g).put("calls", policies.networkCalls());
        ArrayNode revealed = e.putArray("revealed");
        for (int j = 0; j < d; j++) if (x[j] != previous[j]) revealed.add(j);
        Policy p = policies.stage(g);
        if (callInStage < p.networkCalls()) {
            Policy.StepRange r = p.stepRange(callInStage);
            e.put("expectedBits", d * r.size() * components[g * d + r.from()]);
        }
        callInStage++;
        putState(e, x);
        previous = Arrays.copyOf(x, d);
        send.accept(e);
    }

    /** The event that ends the stream: the result as text (and its symbols). */
    ObjectNode done(int[] values, int length) {
        ObjectNode e = json.createObjectNode().put("calls", call);
        int[] result = Arrays.copyOf(values, length);
        e.put("text", modality.render(result, null));
        putState(e, result);
        return e;
    }

    /** {@code values} (−1 where still hidden) and, for text, what each position shows ({@code null} where hidden). */
    private void putState(ObjectNode e, int[] x) {
        ArrayNode values = e.putArray("values");
        ArrayNode chars = modality.id().equals("image") ? null : e.putArray("chars");
        for (int v : x) {
            boolean hidden = oneStage && v == initial;
            values.add(hidden ? -1 : v);
            if (chars != null) {
                if (hidden) chars.addNull();
                else chars.add(modality.render(new int[] {v}, null));
            }
        }
    }
}
