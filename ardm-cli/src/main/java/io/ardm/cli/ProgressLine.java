package io.ardm.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars drawn on stderr's current line with carriage returns and erased when they close, finished or failed:
 * the next line on the terminal, an error message included, starts at the left margin of a clean line. (The library's
 * default draws on a line of its own with cursor movements and leaves an empty line behind.)
 */
final class ProgressLine extends ConsoleProgressBarConsumer {
    private final PrintStream err;

    private ProgressLine(PrintStream err) {
        super(err);
        this.err = err;
    }

    /** A bar for {@code max} units of work, half-second updates, erased on close. */
    static ProgressBarBuilder builder(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1).setUpdateIntervalMillis(500).setConsumer(new ProgressLine(System.err));
    }

    @Override
    public void close() {
        err.print('\r' + " ".repeat(getMaxRenderedLength()) + '\r');
        err.flush();
    }
}
