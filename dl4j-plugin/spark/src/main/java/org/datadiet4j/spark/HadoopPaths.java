package org.datadiet4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.InvalidInputException;

/**
 * Paths as Spark reads and writes them (a local path, {@code file:}, {@code hdfs:}, {@code s3a:}, …,
 * whatever the cluster's Hadoop configuration knows): checks that fail with the option to fix, model
 * files read whole, and Parquet output that appears complete or not at all.
 */
final class HadoopPaths {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HadoopPaths() {
    }

    /** Fails, naming {@code option}, unless {@code path} exists and can be listed or opened. */
    static void requireReadable(SparkSession spark, String path, String option) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(configuration(spark));
            FileStatus status = fs.getFileStatus(p);
            if (status.isDirectory()) {
                fs.listStatus(p);
            } else {
                fs.open(p).close();
            }
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(option + " " + path + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + path + " cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The model files of {@code --models}: each entry a file, or a directory whose {@code *.zip} files are
     * taken in name order (run-001.zip, run-002.zip, … as {@code datadiet score --save-models} names them).
     */
    static List<String> modelFiles(SparkSession spark, List<String> entries) {
        List<String> files = new ArrayList<>();
        for (String entry : entries) {
            requireReadable(spark, entry, "--models");
            try {
                Path p = new Path(entry);
                FileSystem fs = p.getFileSystem(configuration(spark));
                if (fs.getFileStatus(p).isDirectory()) {
                    FileStatus[] zips = fs.listStatus(p, file -> file.getName().endsWith(".zip"));
                    if (zips.length == 0) {
                        throw new InvalidInputException("--models " + entry + " holds no .zip model files");
                    }
                    Arrays.stream(zips).map(status -> status.getPath().toString()).sorted().forEach(files::add);
                } else {
                    files.add(p.toString());
                }
            } catch (IOException e) {
                throw new InvalidInputException("--models " + entry + " cannot be listed: " + firstLine(e.getMessage()), e);
            }
        }
        return files;
    }

    /** The whole content of {@code file}. */
    static byte[] readAll(SparkSession spark, String file) {
        try {
            Path p = new Path(file);
            try (InputStream in = p.getFileSystem(configuration(spark)).open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Creates directory {@code dir} if needed, failing with the fix when it cannot be written. */
    static void prepareOutput(SparkSession spark, String dir) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(configuration(spark));
            if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
                throw new InvalidInputException("output directory " + dir + " is a file: choose another --out");
            }
            fs.mkdirs(p);
            Path probe = new Path(p, ".datadiet-write-check-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot write to output directory " + dir + " ("
                    + firstLine(e.getMessage()) + "): choose a writable --out");
        }
    }

    /**
     * Writes {@code rows} as the Parquet directory {@code dir/name}, replacing an older one: written under a
     * hidden temporary name first and renamed once complete, so a reader never sees half of it (on file
     * systems whose directory rename is atomic: local, HDFS; object stores copy instead).
     */
    static String writeParquet(SparkSession spark, Dataset<Row> rows, String dir, String name) {
        Path target = new Path(dir, name);
        Path temporary = new Path(dir, "." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(configuration(spark));
            try {
                rows.write().parquet(temporary.toString());
                if (fs.exists(target)) {
                    fs.delete(target, true);
                }
                if (!fs.rename(temporary, target)) {
                    throw new IOException("renaming " + temporary + " to " + target + " failed");
                }
            } finally {
                if (fs.exists(temporary)) {
                    fs.delete(temporary, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + " failed", e);
        }
        return target.toString();
    }

    /** The local file system path of {@code path}, or null when it is on another file system. */
    static java.nio.file.Path local(String path) {
        URI uri = new Path(path).toUri();
        if (uri.getScheme() == null) {
            return java.nio.file.Path.of(path);
        }
        return "file".equals(uri.getScheme()) ? java.nio.file.Path.of(uri.getPath()) : null;
    }

    private static Configuration configuration(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }
}
