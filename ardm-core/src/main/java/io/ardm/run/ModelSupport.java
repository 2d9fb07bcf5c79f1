package io.ardm.run;

/**
 * What ardm needs to know about one kind of network (Jlama's ModelSupport is the model): how to build it from a run
 * config. {@link ModelKinds} finds the support for a checkpoint's kind.
 */
public interface ModelSupport {
    /** A fresh network of the config's shape, initialised from {@code seed}. */
    TrainableArdm build(RunConfig config, long seed);
}
