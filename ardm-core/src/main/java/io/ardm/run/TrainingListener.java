package io.ardm.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a {@link Trainer} reports as it runs, for a front end to show: the command line draws a progress bar from the
 * steps and redraws the run's plot from the metrics after each evaluation. The library itself draws nothing.
 */
public interface TrainingListener extends AutoCloseable {
    /** Reports nothing. */
    TrainingListener NONE = new TrainingListener() { };

    /** The run starts (or resumes) at {@code step} of {@code total}. */
    default void started(long step, int total) { }

    /** A step is done; {@code trainBits} is the running mean of the training loss in bits per symbol. */
    default void stepped(long step, double trainBits, double tokensPerSecond) { }

    /** A validation estimate was appended to the metrics log, whose records are {@code metrics}. */
    default void evaluated(List<JsonNode> metrics) { }

    /** The run ended (finished, out of time, interrupted or failed). */
    @Override
    default void close() { }
}
