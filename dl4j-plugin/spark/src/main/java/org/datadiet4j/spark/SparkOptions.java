package org.datadiet4j.spark;

import java.util.Map;
import picocli.CommandLine.Option;

/** The options that say where a command's Spark session comes from, shared by the Spark commands. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for an embedded run, e.g. local[2] (this machine, 2 cores); leave it out under"
                    + " spark-submit.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for the embedded session (as spark-submit --conf); repeatable.")
    Map<String, String> conf;

    SparkSessions open() {
        return SparkSessions.open(master, conf);
    }
}
