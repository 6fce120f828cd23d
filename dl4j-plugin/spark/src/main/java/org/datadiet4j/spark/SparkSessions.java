package org.datadiet4j.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.datadiet4j.io.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark session a command runs in: under {@code spark-submit} (or in a program that already has one)
 * the session that exists; otherwise an embedded one on {@code --master}, without the web UI unless
 * {@code --conf spark.ui.enabled=true}. Closing stops only a session this opened.
 */
final class SparkSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SparkSessions.class);

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
            boolean oneTask = master.equals("local") || master.startsWith("local[1]") || master.startsWith("local[1,");
            if (master.startsWith("local") && !oneTask && System.getenv("OMP_NUM_THREADS") == null) {
                log.warn("OMP_NUM_THREADS is not set: each Spark task's ND4J passes use all cores' worth of OpenMP"
                        + " threads, and the tasks {} runs at once contend for them; start with OMP_NUM_THREADS=1 (measured:"
                        + " local[2] scored 1.7x faster with it on 2 cores)", master);
            }
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
