package org.datadiet4j.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.datadiet4j.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * PNG plots of the experiments: curves of means with ±1 standard deviation bars, histograms, image
 * grids; each file written atomically.
 */
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
        AtomicFiles.writeBytes(png, out -> ChartUtils.writeChartAsPNG(out, chart, 800, 500));
    }

    /** Histograms of a score, one series per class, 30 bins over the finite scores' range. */
    static void histogramsByClass(Path png, String title, String score, float[] values, int[] labels,
                                  List<String> classNames, int numClasses) throws IOException {
        System.setProperty("java.awt.headless", "true");
        org.jfree.data.statistics.HistogramDataset data = new org.jfree.data.statistics.HistogramDataset();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (!(high > low)) {
            high = low + 1;
        }
        for (int c = 0; c < numClasses; c++) {
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                if (labels[i] == c && Float.isFinite(values[i])) {
                    count++;
                }
            }
            double[] ofClass = new double[count];
            int k = 0;
            for (int i = 0; i < values.length; i++) {
                if (labels[i] == c && Float.isFinite(values[i])) {
                    ofClass[k++] = values[i];
                }
            }
            if (count > 0) {
                data.addSeries(classNames == null ? "class " + c : classNames.get(c), ofClass, 30, low, high);
            }
        }
        JFreeChart chart = org.jfree.chart.ChartFactory.createHistogram(title, score, "examples", data,
                org.jfree.chart.plot.PlotOrientation.VERTICAL, true, false, false);
        ((XYPlot) chart.getPlot()).setForegroundAlpha(0.55f);
        AtomicFiles.writeBytes(png, out -> ChartUtils.writeChartAsPNG(out, chart, 900, 500));
    }

    /**
     * The given examples drawn as grey-scale images in a grid, each captioned with its id, its given
     * label and, when known, whether that label was corrupted.
     */
    static void suspects(Path png, float[][] pixels, int height, int width, int[] ids, String[] captions)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int scale = 3;
        int columns = 8;
        int rows = (ids.length + columns - 1) / columns;
        int cellW = Math.max(width * scale, 120);
        int cellH = height * scale + 34;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(columns * cellW, rows * cellH,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        for (int n = 0; n < ids.length; n++) {
            int x0 = (n % columns) * cellW;
            int y0 = (n / columns) * cellH;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int grey = 255 - Math.max(0, Math.min(255, Math.round(pixels[n][y * width + x] * 255)));
                    g.setColor(new java.awt.Color(grey, grey, grey));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            g.setColor(java.awt.Color.BLACK);
            String[] lines = captions[n].split("\n");
            for (int l = 0; l < lines.length; l++) {
                g.drawString(lines[l], x0 + 2, y0 + height * scale + 13 + 13 * l);
            }
        }
        g.dispose();
        AtomicFiles.writeBytes(png, out -> {
            if (!javax.imageio.ImageIO.write(image, "png", out)) {
                throw new IOException("this Java runtime has no PNG writer: cannot write " + png);
            }
        });
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
