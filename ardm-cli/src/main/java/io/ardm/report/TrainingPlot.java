package io.ardm.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG of training and evaluation bits per symbol over steps, redrawn from the metrics log. */
public final class TrainingPlot {
    private TrainingPlot() {}

    /**
     * @param measure what the bits are: "ELBO" for an OA-ARDM, "NLL" for a left-to-right model
     * @param unit    what they are per: "bits per character", "bits per byte"
     */
    public static void write(List<JsonNode> records, Path png, String title, String measure, String unit) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
                .xAxisTitle("training step").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        addSeries(chart, records, "train", "train_bpc", "train (EMA of batch " + measure + ")", SeriesMarkers.NONE);
        addSeries(chart, records, "eval", "valid_bpc", "valid (" + measure + ", EMA weights)", SeriesMarkers.CIRCLE);
        if (chart.getSeriesMap().isEmpty()) return;
        io.ardm.io.AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static void addSeries(XYChart chart, List<JsonNode> records, String kind, String field, String name,
                                  org.knowm.xchart.style.markers.Marker marker) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JsonNode r : records) {
            if (kind.equals(r.path("kind").asText()) && r.has(field)) {
                x.add(r.path("step").asDouble());
                y.add(r.path(field).asDouble());
            }
        }
        if (x.isEmpty()) return;
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(marker);
    }
}
