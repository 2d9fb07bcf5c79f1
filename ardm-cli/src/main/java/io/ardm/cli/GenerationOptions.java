package io.ardm.cli;

import java.util.SplittableRandom;
import picocli.CommandLine.Option;

/** How many outputs to generate, at what temperature, from which seed. */
final class GenerationOptions {
    @Option(names = {"-n", "--count"}, defaultValue = "1", description = "Number of outputs. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = {"-t", "--temperature"}, defaultValue = "1.0", description = "Softmax temperature. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** Checks the values and returns the random stream. */
    SplittableRandom validate() {
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        return new SplittableRandom(seed);
    }
}
