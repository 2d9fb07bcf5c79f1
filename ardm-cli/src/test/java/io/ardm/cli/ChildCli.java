package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line in a JVM of its own, for what needs a process: heap limits, signals, kill -9, file descriptors. */
final class ChildCli {
    private ChildCli() {}

    record Result(int exit, String err) {}

    /** A process builder for {@code ardm ARGS} with extra JVM options (e.g. {@code -Xmx32m}). */
    static ProcessBuilder builder(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        // The bundled models where this JVM finds them: with ardm-core from the local repository (a module's tests run
        // alone) the child could not find them from its classpath.
        String models = System.getProperty("ardm.models");
        if (models != null && !models.isBlank()) cmd.add("-Dardm.models=" + models);
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Starts the process, waits for it (failing after {@code seconds}) and returns its exit status and stderr. */
    static Result run(ProcessBuilder builder, int seconds) throws IOException, InterruptedException {
        Process p = builder.start();
        String err = stderr(p);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + String.join(" ", builder.command()));
        return new Result(p.exitValue(), err);
    }

    /** Everything the process writes to stderr until it ends, less the JDK's incubator notice. */
    static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().filter(l -> !l.startsWith("WARNING: Using incubator")).reduce("", (a, b) -> a + b + "\n");
    }
}
