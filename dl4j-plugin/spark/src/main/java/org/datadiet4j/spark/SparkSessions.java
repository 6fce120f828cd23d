package org.datadiet4j.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.InvalidInputException;

/**
 * The Spark session a command runs in: under {@code spark-submit} (or in a program that already has one)
 * the session that exists; otherwise an embedded one on {@code --master}, without the web UI unless
 * {@code --conf spark.ui.enabled=true}. Closing stops only a session this opened.
 */
final class SparkSessions implements AutoCloseable {

    private final SparkSession session;
    private final boolean owned;

    private SparkSessions(SparkSession session, boolean owned) {
        this.session = session;
        this.owned = owned;
    }

    /**
     * @param master the master for an embedded session (local[N], spark://…), or null under spark-submit
     * @param conf   settings for a new session, or null
     */
    static SparkSessions open(String master, Map<String, String> conf) {
        boolean existing = SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder builder = SparkSession.builder().appName("datadiet");
        if (master != null) {
            builder.master(master).config("spark.ui.enabled", "false");
        } else if (!existing && !new SparkConf().contains("spark.master")) {
            throw new InvalidInputException("no Spark master: give --master local[N] to run on this machine, or start"
                    + " the job with spark-submit");
        }
        if (conf != null) {
            conf.forEach(builder::config);
        }
        try {
            return new SparkSessions(builder.getOrCreate(), !existing);
        } catch (Exception e) {
            // Spark's Scala code throws its checked SparkException undeclared ("Could not parse Master URL", …)
            if (e instanceof IllegalArgumentException || e instanceof SparkException) {
                throw new InvalidInputException("cannot start Spark" + (master == null ? "" : " with --master " + master)
                        + ": " + HadoopPaths.firstLine(e.getMessage()), e);
            }
            throw e;
        }
    }

    SparkSession session() {
        return session;
    }

    @Override
    public void close() {
        if (owned) {
            session.stop();
        }
    }
}
