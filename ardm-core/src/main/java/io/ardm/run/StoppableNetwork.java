package io.ardm.run;

import io.ardm.ardm.LockstepStream;
import io.ardm.ardm.StepInput;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * A network that asks {@code stop} before every call (and every step of a cached stream) and, when it says yes,
 * ends the work with a {@link CancellationException}: how a caller abandons sampling, coding or scoring midway (a
 * server whose client went away). The logits are the wrapped network's, bit for bit.
 */
record StoppableNetwork(TrainableArdm inner, BooleanSupplier stop) implements TrainableArdm {
    private void check() {
        if (stop.getAsBoolean()) throw new CancellationException("stopped by the caller");
    }

    @Override
    public Tensor logits(Tape tape, StepInput input) {
        check();
        return inner.logits(tape, input);
    }

    @Override
    public Tensor logits(Tape tape, StepInput input, int[] rows) {
        check();
        return inner.logits(tape, input, rows);
    }

    @Override
    public int length() {
        return inner.length();
    }

    @Override
    public int classes() {
        return inner.classes();
    }

    @Override
    public boolean leftToRight() {
        return inner.leftToRight();
    }

    @Override
    public Optional<IntFunction<LockstepStream>> leftToRightStreams() {
        return inner.leftToRightStreams().map(streams -> batch -> stoppable(streams.apply(batch)));
    }

    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    @Override
    public Optional<IntFunction<LockstepStream>> causalStreams() {
        return inner.causalStreams().map(streams -> batch -> stoppable(streams.apply(batch)));
    }

    private LockstepStream stoppable(LockstepStream stream) {
        return (rows, inputs) -> {
            check();
            return stream.next(rows, inputs);
        };
    }
}
