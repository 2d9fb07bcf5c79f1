package io.ardm.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classical codecs a benchmark compares against, run as their own processes. A codec whose program is not on the
 * PATH is skipped with one line naming its package, so a machine without (say) brotli still gets every other row instead
 * of an error after minutes of work.
 */
final class ExternalCodecs {
    private final Map<String, String> packageOf;
    private final String path;

    private ExternalCodecs(Map<String, String> packageOf, String path) {
        this.packageOf = packageOf;
        this.path = path == null ? "" : path;
    }

    /** The programs as this process's PATH finds them: pairs of a program and its Debian package, in report order. */
    static ExternalCodecs onThisPath(String... programsAndPackages) {
        return onPath(System.getenv("PATH"), programsAndPackages);
    }

    /** The same on the given PATH value (null: none). */
    static ExternalCodecs onPath(String path, String... programsAndPackages) {
        Map<String, String> packageOf = new LinkedHashMap<>();
        for (int i = 0; i + 1 < programsAndPackages.length; i += 2) packageOf.put(programsAndPackages[i], programsAndPackages[i + 1]);
        return new ExternalCodecs(packageOf, path);
    }

    boolean installed(String program) {
        if (!packageOf.containsKey(program)) throw new IllegalArgumentException("unknown baseline program " + program);
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** The missing programs, in order, as "program (apt install package)"; empty when all are there. */
    List<String> missing() {
        return packageOf.entrySet().stream().filter(e -> !installed(e.getKey()))
                .map(e -> e.getKey() + " (apt install " + e.getValue() + ")").toList();
    }

    /** One line saying which codecs this run leaves out, or nothing. */
    void reportMissing(PrintStream out) {
        List<String> missing = missing();
        if (!missing.isEmpty()) out.println("not installed, so left out of the tables: " + String.join(", ", missing));
    }

    /** Runs one command of an installed codec; a failure names the program and its first line of output. */
    void exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(cmd.getFirst() + " failed: " + output.lines().findFirst().orElse("(no output)"));
    }
}
