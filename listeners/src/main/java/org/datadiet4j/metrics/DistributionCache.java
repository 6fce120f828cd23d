package org.datadiet4j.metrics;

import java.util.Arrays;
import org.datadiet4j.listeners.EpochScoringListener;

/**
 * The distribution of one score's last pass, recomputed only when a new scoring pass has happened
 * (a scrape reads it once per meter, so one recount per pass serves them all). Before the first
 * pass the quantiles are NaN and every bucket is empty.
 */
final class DistributionCache {

    private final EpochScoringListener scorer;
    private final double[] bounds;
    private int passes = -1;
    private ScoreDistribution distribution;

    DistributionCache(EpochScoringListener scorer, double[] bounds) {
        this.scorer = scorer;
        this.bounds = bounds;
    }

    synchronized ScoreDistribution get() {
        int now = scorer.passes();
        if (now != passes) {
            float[] scores = scorer.lastScores();
            if (scores == null) {
                double[] nan = new double[ScoreDistribution.QUANTILES.length];
                Arrays.fill(nan, Double.NaN);
                distribution = new ScoreDistribution(nan, new long[bounds.length + 1]);
            } else {
                distribution = ScoreDistribution.of(scores, bounds);
            }
            passes = now;
        }
        return distribution;
    }
}
