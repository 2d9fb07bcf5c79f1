package io.ardm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without --add-modules jdk.incubator.vector gets one line that names the option, not a NoClassDefFoundError. */
class VectorApiCheckTest {
    /** Run in the child JVM: loads a model and prints what it threw. */
    public static void main(String[] args) {
        try {
            Ardm.load("bytes-ltr");
            System.out.println("loaded");
        } catch (ArdmException e) {
            System.out.println("ArdmException: " + e.getMessage());
        }
    }

    @Test
    void loadingWithoutTheVectorModuleSaysWhichOptionIsMissing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), VectorApiCheckTest.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals("ArdmException: ardm needs the JVM option --add-modules jdk.incubator.vector", out);
        assertEquals(0, p.exitValue());
    }
}
