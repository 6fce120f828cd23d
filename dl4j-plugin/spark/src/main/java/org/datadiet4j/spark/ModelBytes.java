package org.datadiet4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * The model files of a job as bytes, which the driver reads once and broadcasts: every executor receives
 * them once and loads its models from them ({@link ExecutorModels}).
 *
 * @param names the file names, in run order (for messages)
 * @param files each file's content, as {@code ModelSerializer} wrote it
 */
record ModelBytes(List<String> names, List<byte[]> files) implements Serializable {

    /** Bytes over all files. */
    long totalBytes() {
        return files.stream().mapToLong(file -> file.length).sum();
    }
}
