package org.datadiet4j.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** PNG plots of the experiment: curves of mean test accuracy with ±1 standard deviation bars. */
final class Charts {

    /** One curve: x values, means and standard deviations, in x order. */
    record Curve(String name, double[] x, double[] mean, double[] std) {
    }

    private Charts() {
    }

    static void lines(Path png, String title, String xLabel, String yLabel, List<Curve> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Curve curve : curves) {
            YIntervalSeries series = new YIntervalSeries(curve.name());
            for (int i = 0; i < curve.x().length; i++) {
                double std = Double.isNaN(curve.std()[i]) ? 0 : curve.std()[i];
                series.add(curve.x()[i], curve.mean()[i], curve.mean()[i] - std, curve.mean()[i] + std);
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis(xLabel);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 500);
    }

    /** Mean and sample standard deviation of each group of values. */
    static double[][] meanAndStd(Map<Double, List<Double>> byX, double[] xs) {
        double[] mean = new double[xs.length];
        double[] std = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            List<Double> values = byX.get(xs[i]);
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            mean[i] = sum / values.size();
            double squares = 0;
            for (double v : values) {
                squares += (v - mean[i]) * (v - mean[i]);
            }
            std[i] = values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
        }
        return new double[][] {mean, std};
    }
}
