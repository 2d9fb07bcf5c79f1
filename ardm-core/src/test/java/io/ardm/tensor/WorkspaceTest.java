package io.ardm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The workspace hands out the last run's buffers in the same order, zeroed, and released ones first. */
class WorkspaceTest {
    @Test
    void aSecondRunGetsTheFirstRunsBuffersInOrderAndZeroed() {
        Workspace w = new Workspace();
        float[] a, b;
        try (Workspace.Scope s = w.enter()) {
            a = Workspace.zeros(8);
            b = Workspace.zeros(3);
            a[2] = 5f;
            b[0] = 7f;
        }
        assertEquals(4 * 11, w.bytes());
        try (Workspace.Scope s = w.enter()) {
            float[] a2 = Workspace.zeros(8);
            float[] b2 = Workspace.zeros(3);
            assertSame(a, a2);
            assertSame(b, b2);
            assertArrayEquals(new float[8], a2);
            assertArrayEquals(new float[3], b2);
            assertNotSame(Workspace.zeros(8), a2, "a request past the last run's gets a buffer of its own");
        }
        try (Workspace.Scope s = w.enter()) {
            assertNotSame(a, Workspace.zeros(5), "a buffer of another size than last time is replaced");
        }
    }

    /** Runs whose shapes alternate take back the buffers an earlier run of the same shape held, and hold one run's worth. */
    @Test
    void runsOfAlternatingShapesTakeBackTheirBuffers() {
        Workspace w = new Workspace();
        float[][] first = new float[2][], second = new float[2][];
        try (Workspace.Scope s = w.enter()) {
            first[0] = Workspace.zeros(6);
            first[1] = Workspace.zeros(4);
        }
        try (Workspace.Scope s = w.enter()) {
            second[0] = Workspace.zeros(6);
            second[1] = Workspace.zeros(5);
        }
        assertSame(first[0], second[0]);
        assertNotSame(first[1], second[1]);
        assertEquals(4 * 11, w.bytes(), "what the last run holds");
        try (Workspace.Scope s = w.enter()) {
            assertSame(first[0], Workspace.zeros(6));
            assertSame(first[1], Workspace.zeros(4), "the size-4 buffer was kept as a spare");
        }
        try (Workspace.Scope s = w.enter()) {
            Workspace.zeros(6);
            assertSame(second[1], Workspace.zeros(5), "and the size-5 one in its turn");
        }
    }

    @Test
    void aReleasedBufferServesTheNextRequestOfItsSize() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.enter()) {
            float[] a = Workspace.zeros(4);
            a[1] = 3f;
            Workspace.release(a);
            assertNotSame(a, Workspace.zeros(5));
            float[] again = Workspace.zeros(4);
            assertSame(a, again);
            assertArrayEquals(new float[4], again);
        }
        assertEquals(4 * 9, w.bytes(), "the released buffer was not counted twice");
    }

    @Test
    void outsideAWorkspaceEveryRequestIsNewAndReleasingDoesNothing() {
        float[] a = Workspace.zeros(4);
        Workspace.release(a);
        assertNotSame(a, Workspace.zeros(4));
        Tensor t = Tensor.output(true, 2, 2);
        float[] g = t.grad();
        t.releaseGrad();
        assertSame(g, t.grad(), "the gradient of a tensor made outside a workspace is its own");
    }

    @Test
    void aWorkspaceIsEnteredOnceAtATime() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.enter()) {
            assertThrows(IllegalStateException.class, () -> new Workspace().enter());
        }
        try (Workspace.Scope s = new Workspace().enter()) {
            assertEquals(3, Workspace.zeros(3).length, "closing the scope left the thread free");
        }
    }
}
