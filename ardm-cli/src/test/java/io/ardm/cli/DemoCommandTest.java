package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job runs end to end (a few training steps instead of the full tiny run). */
class DemoCommandTest {
    @Test
    void demoRunsEveryStageAndRoundTripsTheFile(@TempDir Path dir) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.commandLine().execute("demo", "--steps", "4", "--run", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        for (String stage : new String[] {"== 1. train", "== 2. evaluate", "== 3. sample", "== 4. infill", "== 5. compress"}) {
            assertTrue(out.contains(stage), "missing " + stage + " in\n" + out);
        }
        assertTrue(out.contains("round trip exact"), out);
        assertTrue(out.contains("== 7. compress and decompress a sound"), out);
        assertTrue(Files.exists(dir.resolve("speech-audio-up16.wav")));
        assertTrue(Files.exists(dir.resolve("checkpoint.ardm")));
        assertTrue(Files.exists(dir.resolve("bpc.png")));
    }
}
