package io.ardm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ardm.modality.Dataset;
import io.ardm.report.TrainingPlot;
import io.ardm.run.RunConfig;
import io.ardm.run.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/** How a training run looks on the command line: a progress bar on a terminal, and the run's plot redrawn after each evaluation. */
final class TrainingProgress implements TrainingListener {
    static final String PLOT = "bpc.png";

    private final RunConfig config;
    private final Dataset data;
    private final Path runDir;
    private final PrintStream log;
    private final boolean showBar;
    private final boolean timed;
    private ProgressBar bar;

    /** {@code timed}: a time budget ends the run, so its steps are a count with no total (the cap is not its length). */
    TrainingProgress(RunConfig config, Dataset data, Path runDir, PrintStream log, boolean showBar, boolean timed) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
        this.showBar = showBar;
        this.timed = timed;
    }

    @Override
    public void started(long step, int total) {
        if (!showBar) return;
        bar = ProgressLine.builder("train", timed ? -1 : total, "steps").startsFrom(step, Duration.ZERO).showSpeed().build();
    }

    @Override
    public void stepped(long step, double trainBits, double tokensPerSecond) {
        if (bar == null) return;
        bar.stepTo(step);
        bar.setExtraMessage(String.format("%s %.3f  %.0f tok/s", config.data().bitsUnit(), trainBits, tokensPerSecond));
    }

    /** Redraws the PNG; a plot is a convenience, so failing to draw it (e.g. during JVM shutdown) only warns. */
    @Override
    public void evaluated(List<JsonNode> metrics) {
        try {
            boolean leftToRight = config.leftToRight();
            String kind = leftToRight ? "left-to-right baseline" : config.upscale() != null ? "upscale ARDM (b = " + config.upscale() + ")" : "OA-ARDM";
            TrainingPlot.write(metrics, runDir.resolve(PLOT), kind + " on " + data.source(), leftToRight ? "NLL" : "ELBO",
                    "bits per " + config.data().symbolName());
        } catch (IOException | RuntimeException e) {
            log.println("warning: plot not updated: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
