package io.ardm.ardm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EstimateTest {
    @Test
    void meanAndStandardErrorOfAFewSamples() {
        Likelihood.Estimate e = Likelihood.Estimate.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, e.bitsPerDim(), 0);
        assertEquals(Math.sqrt(5.0 / 3 / 4), e.standardError(), 1e-15, "sample variance 5/3, over n = 4");
        assertEquals(4, e.samples());
        assertEquals(0, Likelihood.Estimate.of(new double[] {7}).standardError(), 0);
        assertTrue(Double.isNaN(Likelihood.Estimate.of(new double[0]).bitsPerDim()));
        assertTrue(Double.isInfinite(Likelihood.Estimate.of(new double[] {1, Double.POSITIVE_INFINITY}).bitsPerDim()));
    }

    /** Terms summed in slices on other machines and merged in any order give the bits of one pass in order. */
    @Test
    void partialSumsMergedInAnyOrderGiveTheSameBits() {
        Random r = new Random(3);
        double[] samples = new double[10_000];
        for (int i = 0; i < samples.length; i++) samples[i] = Math.scalb(r.nextDouble(), r.nextInt(40) - 20);
        Likelihood.Estimate whole = Likelihood.Estimate.of(samples);
        List<Likelihood.Estimate.Sum> slices = new ArrayList<>();
        for (int from = 0; from < samples.length; from += 777) {
            Likelihood.Estimate.Sum slice = new Likelihood.Estimate.Sum();
            for (int i = from; i < Math.min(samples.length, from + 777); i++) slice.add(samples[i]);
            slices.add(slice);
        }
        Collections.shuffle(slices, r);
        Likelihood.Estimate.Sum merged = new Likelihood.Estimate.Sum();
        for (Likelihood.Estimate.Sum slice : slices) merged.merge(slice);
        assertEquals(whole, merged.estimate());
        assertEquals(samples.length, merged.count());

        // Plain double sums of the same samples in those two orders differ: exactness is what makes them agree.
        double forward = 0;
        for (double s : samples) forward += s;
        double backward = 0;
        for (int i = samples.length - 1; i >= 0; i--) backward += samples[i];
        assertNotEquals(forward, backward);
    }
}
