package io.ardm.report;

import io.ardm.ardm.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss components L_t with a policy drawn over them (the paper's Figures 3 and 6): each network call
 * pays L_{p_i} for every step of its group, so the policy's cost is the area under the step curve.
 */
public final class SchedulePlot {
    private SchedulePlot() {}

    public static void write(double[] components, Policy policy, String title, Path png) throws IOException {
        write(new double[][] {components}, new Policy[] {policy}, title, png);
    }

    /** Several stages' components, each with its own policy (upscale ARDMs: one curve and one policy per stage). */
    public static void write(double[][] stages, Policy[] policies, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
                .xAxisTitle("generation step t").yAxisTitle("loss component L_t (bits)").build();
        for (int g = 0; g < stages.length; g++) {
            double[] components = stages[g];
            String stage = stages.length == 1 ? "" : "stage " + g + ": ";
            List<Double> t = new ArrayList<>();
            List<Double> l = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                t.add((double) i);
                l.add(components[i]);
            }
            XYSeries comps = chart.addSeries(stage + "L_t (sorted, as the DP sees them)", t, l);
            comps.setMarker(SeriesMarkers.NONE);
            Policy policy = policies[g];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < policy.networkCalls(); i++) {
                Policy.StepRange r = policy.stepRange(i);
                px.add((double) r.from());
                py.add(components[r.from()]);
                px.add((double) r.to());
                py.add(components[r.from()]);
            }
            XYSeries steps = chart.addSeries(stage + policy.networkCalls() + "-step policy (cost = area)", px, py);
            steps.setMarker(SeriesMarkers.CIRCLE);
        }
        io.ardm.io.AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
