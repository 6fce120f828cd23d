package org.datadiet4j.spark;

import org.apache.spark.sql.SparkSession;

/** One embedded Spark session on local[2] for all the tests of this JVM: starting one costs seconds. */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("datadiet tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }
}
