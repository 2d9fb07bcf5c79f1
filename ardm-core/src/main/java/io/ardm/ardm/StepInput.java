package io.ardm.ardm;

/**
 * What a network sees at one generation step, for a batch of items (spec §2.4, §3.5): each position's current value
 * ({@code values}, row-major [batch, D]: for the absorbing process the absorbing id where nothing is shown, for an
 * upscale process the coarser value of the previous stage), whether the current stage has revealed it
 * ({@code revealed}: the mask m, a network input of its own in upscale ARDMs), and each item's global step
 * {@code steps[b]} = stage·D + t (networks that are not conditioned on t may ignore it).
 */
public record StepInput(int[] values, boolean[] revealed, int[] steps, int batch) {
    public StepInput {
        if (values.length != revealed.length || steps.length != batch || batch < 1 || values.length % batch != 0) {
            throw new IllegalArgumentException("step input: " + values.length + " values, " + revealed.length + " mask entries, "
                    + steps.length + " steps for a batch of " + batch);
        }
    }

    /** The positions the current stage has not revealed (flat b·D + j, ascending): where its step is scored. */
    public int[] hiddenRows() {
        int n = 0;
        for (boolean r : revealed) if (!r) n++;
        int[] rows = new int[n];
        for (int i = 0, at = 0; i < revealed.length; i++) if (!revealed[i]) rows[at++] = i;
        return rows;
    }
}
