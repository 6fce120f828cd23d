package org.datadiet4j.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.io.AtomicFiles;

/**
 * The files of a linear-mode-connectivity run ({@link LinearModeConnectivity}), each written
 * atomically: {@code lmc.csv}, loss and error at every point of every path; {@code barriers.csv}, the
 * error and loss barrier of every path, their heights above the chord between the ends, and the errors
 * and losses of the two children at its ends;
 * {@code barriers.png}, the test error barrier against the spawn epoch, one line per subset.
 */
public final class ConnectivityReport {

    static final String POINTS_HEADER = "spawn_epoch,subset,split,alpha,loss,error";
    static final String BARRIERS_HEADER = "spawn_epoch,subset,split,examples,error_barrier,loss_barrier,"
            + "error_above_chord,loss_above_chord,error_child1,error_child2,loss_child1,loss_child2";

    private ConnectivityReport() {
    }

    /** Writes the three files into {@code dir}. */
    public static void write(Path dir, LinearModeConnectivity.Result result) throws IOException {
        AtomicFiles.writeText(dir.resolve("lmc.csv"), out -> {
            out.write(POINTS_HEADER + "\n");
            for (LinearModeConnectivity.PathPoint point : result.points()) {
                out.write(point.spawnEpoch() + "," + point.subset() + "," + point.split() + "," + point.alpha() + ","
                        + point.value().loss() + "," + point.value().error() + "\n");
            }
        });
        AtomicFiles.writeText(dir.resolve("barriers.csv"), out -> {
            out.write(BARRIERS_HEADER + "\n");
            for (LinearModeConnectivity.Barrier barrier : result.barriers()) {
                out.write(barrier.spawnEpoch() + "," + barrier.subset() + "," + barrier.split() + ","
                        + barrier.firstChild().examples() + "," + barrier.errorBarrier() + "," + barrier.lossBarrier()
                        + "," + barrier.errorAboveChord() + "," + barrier.lossAboveChord()
                        + "," + barrier.firstChild().error() + "," + barrier.secondChild().error() + ","
                        + barrier.firstChild().loss() + "," + barrier.secondChild().loss() + "\n");
            }
        });
        drawBarriers(dir.resolve("barriers.png"), result.barriers());
    }

    private static void drawBarriers(Path png, List<LinearModeConnectivity.Barrier> barriers) throws IOException {
        List<Charts.Curve> curves = new ArrayList<>();
        for (String subset : barriers.stream().map(LinearModeConnectivity.Barrier::subset).distinct().toList()) {
            List<LinearModeConnectivity.Barrier> line = barriers.stream()
                    .filter(b -> b.subset().equals(subset) && b.split().equals("test")).toList();
            double[] x = line.stream().mapToDouble(LinearModeConnectivity.Barrier::spawnEpoch).toArray();
            double[] y = line.stream().mapToDouble(LinearModeConnectivity.Barrier::errorBarrier).toArray();
            double[] noSpread = new double[x.length];
            Arrays.fill(noSpread, Double.NaN);
            curves.add(new Charts.Curve(subset, x, y, noSpread));
        }
        Charts.lines(png, "Linear mode connectivity: test error barrier between two children",
                "spawn epoch t (children copied from the parent after t epochs)", "test error barrier", curves);
    }
}
