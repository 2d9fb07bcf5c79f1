package io.ardm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final AdamW.Settings ADAM = AdamW.Settings.adam(0.9, 0.999, 1e-8);

    /** One scalar parameter {@code name} with value {@code value}. */
    private static Parameters scalar(String name, float value) {
        Parameters p = new Parameters(0);
        p.create(name, Initializer.constant(value), 1);
        return p;
    }

    private static void step(AdamW opt, Parameters params, String name, float grad, double lr) {
        params.get(name).grad()[0] = grad;
        opt.step(lr);
    }

    @Test
    void twoAdamStepsMatchHandComputedValues() {
        Parameters params = scalar("w", 1f);
        AdamW opt = new AdamW(params, ADAM);
        // Step 1, g = 0.5: mu = 0.05, nu = 0.00025, bias-corrected 0.5 and 0.25 → update 0.5/(0.5+1e-8).
        step(opt, params, "w", 0.5f, 0.1);
        assertEquals(0.05f, opt.state().moments().get("mu/w").data[0], 1e-8);
        assertEquals(0.00025f, opt.state().moments().get("nu/w").data[0], 1e-10);
        assertEquals(0.900000002, params.get("w").data[0], 1e-7);
        // Step 2, g = −0.25: mu = 0.02, nu = 0.00031225, corrections 0.19 and 0.001999.
        step(opt, params, "w", -0.25f, 0.1);
        assertEquals(0.02f, opt.state().moments().get("mu/w").data[0], 1e-8);
        assertEquals(0.00031225f, opt.state().moments().get("nu/w").data[0], 1e-10);
        assertEquals(0.8733662987, params.get("w").data[0], 1e-6);
        assertEquals(2, opt.count());
    }

    @Test
    void decoupledWeightDecayIsScaledByTheLearningRate() {
        Parameters params = scalar("w", 2f);
        AdamW opt = new AdamW(params, new AdamW.Settings(0.9, 0.999, 1e-8, 0.01));
        step(opt, params, "w", 0.5f, 0.1);
        assertEquals(1.898000002, params.get("w").data[0], 1e-6);
        step(opt, params, "w", -0.25f, 0.1);
        assertEquals(1.8694682987, params.get("w").data[0], 1e-6);
    }

    @Test
    void withZeroGradientOnlyTheDecayActs() {
        Parameters params = scalar("w", 3f);
        AdamW opt = new AdamW(params, new AdamW.Settings(0.9, 0.99, 1e-8, 0.5));
        opt.step(0.1);
        assertEquals(3f * (1 - 0.1f * 0.5f), params.get("w").data[0], 1e-6);
    }

    @Test
    void maskedParametersAreNotDecayed() {
        Parameters params = new Parameters(0);
        params.create("kernel", Initializer.ones(), 2);
        params.create("bias", Initializer.ones(), 2);
        AdamW opt = new AdamW(params, new AdamW.Settings(0.9, 0.999, 1e-8, 0.1), name -> !name.equals("bias"));
        opt.step(1.0);
        assertEquals(0.9f, params.get("kernel").data[0], 1e-6);
        assertEquals(1f, params.get("bias").data[0]);
    }

    @Test
    void plainAdamLeavesParametersWithZeroGradientAlone() {
        Parameters params = scalar("w", 3f);
        new AdamW(params, ADAM).step(0.1);
        assertEquals(3f, params.get("w").data[0]);
    }

    @Test
    void stateNamesFollowParameterOrder() {
        Parameters params = new Parameters(0);
        params.create("a", Initializer.zeros(), 2, 3);
        params.create("b", Initializer.zeros(), 4);
        AdamW.State state = new AdamW(params, ADAM).state();
        assertEquals(List.of("mu/a", "mu/b", "nu/a", "nu/b"), List.copyOf(state.moments().keySet()));
        Tensor mu = state.moments().get("mu/a");
        assertEquals(List.of(2, 3), List.of(mu.dim(0), mu.dim(1)));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(0.9, 0.999, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(scalar("w", 0f), ADAM).step(Double.NaN));
    }
}
