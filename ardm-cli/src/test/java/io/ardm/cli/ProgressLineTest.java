package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import io.ardm.run.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal (a pseudo-terminal from script(1)) the progress bar is drawn and then erased before an error line,
 * so the screen shows exactly that line. The test replays what the CLI wrote the way a terminal shows it.
 */
class ProgressLineTest {
    @Test
    void anErrorAfterAProgressBarIsTheOnlyLineOnTheScreen(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
        new Trainer(TinyRuns.config(2, 4), TinyRuns.corpus(), dir.resolve("m"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        String model = dir.resolve("m").resolve(Trainer.CHECKPOINT).toString();
        Path text = Files.write(dir.resolve("f.txt"), CliStreamingTest.words(40_000, 7));
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-q", "-m", model, text.toString());
        assertEquals(0, c.exit(), c.err());
        Path packed = dir.resolve("f.txt.ardm");
        byte[] bytes = Files.readAllBytes(packed);
        bytes[bytes.length - 9] ^= 0x10; // inside the last stream: decoding fails at the end, after the bar was drawn
        Files.write(packed, bytes);

        String command = ChildCli.builder(List.of("--enable-native-access=ALL-UNNAMED"), "decompress", "-m", model, packed.toString()).command().stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        String written = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), written);
        assertTrue(written.contains("decompress ") && written.contains(" segments"), "a bar was drawn: " + written);

        List<String> screen = screen(written).stream().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, screen.size(), "the screen: " + screen + " from " + written.replace("\r", "<CR>").replace("\u001b", "<ESC>"));
        assertTrue(screen.getFirst().startsWith("ardm decompress: " + packed + ": corrupt ardm file"), screen.getFirst());
    }

    /** The lines a terminal shows for {@code written}: carriage return, newline and cursor up/down as a terminal does. */
    static List<String> screen(String written) {
        List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
        int row = 0;
        int column = 0;
        for (int i = 0; i < written.length(); i++) {
            char ch = written.charAt(i);
            if (ch == '\u001b' && i + 1 < written.length() && written.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < written.length() && Character.isDigit(written.charAt(end))) end++;
                int n = end > i + 2 ? Integer.parseInt(written.substring(i + 2, end)) : 1;
                char code = end < written.length() ? written.charAt(end) : ' ';
                if (code == 'A') row = Math.max(0, row - n);
                if (code == 'B') row += n;
                i = end;
            } else if (ch == '\r') {
                column = 0;
            } else if (ch == '\n') {
                row++;
            } else {
                while (lines.size() <= row) lines.add(new StringBuilder());
                StringBuilder line = lines.get(row);
                while (line.length() < column) line.append(' ');
                if (column < line.length()) line.setCharAt(column, ch);
                else line.append(ch);
                column++;
            }
            while (lines.size() <= row) lines.add(new StringBuilder());
        }
        List<String> shown = new ArrayList<>(lines.stream().map(l -> l.toString().stripTrailing()).toList());
        while (!shown.isEmpty() && shown.getLast().isEmpty()) shown.removeLast();
        return shown;
    }
}
