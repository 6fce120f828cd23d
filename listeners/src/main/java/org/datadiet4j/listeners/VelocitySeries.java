package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.listeners.NtkVelocityListener.Point;

/**
 * The NTK velocities measured so far, in measurement order: appended by the training thread, read by
 * any (one small synchronized block each way); saved with the listener's state and written as CSV.
 */
final class VelocitySeries {

    private final List<Point> points = new ArrayList<>();

    synchronized void addAll(List<Point> measured) {
        points.addAll(measured);
    }

    /** A copy of the series now. */
    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    void writeState(DataOutput out) throws IOException {
        List<Point> series = points();
        out.writeInt(series.size());
        for (Point p : series) {
            out.writeLong(p.iteration());
            out.writeInt(p.epoch());
            out.writeUTF(p.group());
            out.writeDouble(p.velocity());
        }
    }

    void readState(DataInput in) throws IOException {
        List<Point> series = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            series.add(new Point(in.readLong(), in.readInt(), in.readUTF(), in.readDouble()));
        }
        synchronized (this) {
            points.clear();
            points.addAll(series);
        }
    }

    /** Writes {@code series} as CSV: {@code iteration,epoch,group,velocity_per_<unit>}, atomically. */
    static void writeCsv(Path file, List<Point> series, String unit) throws IOException {
        AtomicFiles.writeText(file, out -> {
            out.write("iteration,epoch,group,velocity_per_" + unit + "\n");
            for (Point p : series) {
                out.write(p.iteration() + "," + p.epoch() + "," + p.group() + "," + p.velocity() + "\n");
            }
        });
    }
}
