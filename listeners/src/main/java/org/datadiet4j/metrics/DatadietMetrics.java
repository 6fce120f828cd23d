package org.datadiet4j.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.pruning.EarlyPruningListener;

/**
 * Binds datadiet's live state to a Micrometer registry. Every meter reads the state it describes
 * when scraped (no copies, no timers of its own) and carries the common tags given to the builder
 * (at least {@code job} and {@code model}, so several jobs can share a dashboard). Names as they
 * appear in Prometheus:
 *
 * <ul>
 *   <li>{@code datadiet_score{score, q}}: quantiles of the last scoring pass of each score (tag {@code q},
 *       as Prometheus keeps the label {@code quantile} for summaries);</li>
 *   <li>{@code datadiet_score_distribution_examples{score, upper}}: examples with a score at or below each fixed
 *       bound of that score ({@code upper="+Inf"}: all), the distribution behind a heatmap;</li>
 *   <li>{@code datadiet_score_epoch{score}}: epoch of the last scoring pass;</li>
 *   <li>{@code datadiet_scoring_duration_seconds_count|_sum{score}}: scoring passes and their time;</li>
 *   <li>{@code datadiet_forgetting_events_total}, {@code datadiet_never_learned_examples};</li>
 *   <li>{@code datadiet_examples}, {@code datadiet_kept_examples}, {@code datadiet_kept_class_examples{class}},
 *       {@code datadiet_pruning_events_total};</li>
 *   <li>{@code datadiet_ntk_velocity}: velocity of the probe's neural tangent kernel, last measurement;</li>
 *   <li>{@code datadiet_training_epoch}, {@code datadiet_training_iterations_total},
 *       {@code datadiet_training_loss}.</li>
 * </ul>
 *
 * Unbounded values (example ids, iterations) are never tags. Like any Micrometer binder it may be
 * bound and dropped ({@code builder(...).build().bindTo(registry)}): every gauge holds its state
 * strongly (Micrometer's default is a weak reference, which reads NaN once the state is collected, and
 * some state, such as the score distribution caches, is held by nothing but the gauges). So the
 * registry keeps the listeners alive until {@link #close()} removes the meters.
 */
public final class DatadietMetrics implements MeterBinder, AutoCloseable {

    private final Tags tags;
    private final List<EpochScoringListener> scorers;
    private final ForgettingListener forgetting;
    private final EarlyPruningListener pruning;
    private final ExampleIdIterator iterator;
    private final TrainingState training;
    private final NtkVelocityListener ntk;
    private final List<Meter> bound = new ArrayList<>();
    private MeterRegistry registry;

    private DatadietMetrics(Builder builder) {
        this.tags = builder.tags;
        this.scorers = List.copyOf(builder.scorers);
        this.forgetting = builder.forgetting;
        this.pruning = builder.pruning;
        this.iterator = builder.iterator;
        this.training = builder.training;
        this.ntk = builder.ntk;
    }

    /**
     * Starts a binder whose meters carry these tags: {@code training_job} (which run: named so that it does
     * not clash with the {@code job} label Prometheus gives every scrape target) and {@code model}.
     */
    public static Builder builder(String job, String model) {
        return new Builder(Tags.of("training_job", job, "model", model));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        for (EpochScoringListener scorer : scorers) {
            bindScore(meterRegistry, scorer);
        }
        if (forgetting != null) {
            bound.add(FunctionCounter.builder("datadiet.forgetting.events", forgetting,
                            f -> f.tracker().totalEvents())
                    .description("Forgetting events counted so far: correct at one presentation, wrong at the next")
                    .baseUnit("events").tags(tags).register(meterRegistry));
            bound.add(gauge("datadiet.never.learned", forgetting, f -> f.tracker().neverLearnedCount())
                    .description("Examples presented and never classified correctly so far")
                    .baseUnit("examples").tags(tags).register(meterRegistry));
        }
        if (iterator != null) {
            int classes = iterator.examples().numClasses();
            bound.add(gauge("datadiet", iterator, it -> it.examples().size())
                    .description("Training examples in the data set").baseUnit("examples").tags(tags)
                    .register(meterRegistry));
            bound.add(gauge("datadiet.kept", iterator, ExampleIdIterator::visitingCount)
                    .description("Examples the current epoch trains on").baseUnit("examples").tags(tags)
                    .register(meterRegistry));
            KeptPerClass perClass = new KeptPerClass(iterator);
            for (int c = 0; c < classes; c++) {
                int label = c;
                bound.add(gauge("datadiet.kept.class", perClass, counts -> counts.get()[label])
                        .description("Examples of one class the current epoch trains on").baseUnit("examples")
                        .tags(tags).tag("class", Integer.toString(c)).register(meterRegistry));
            }
        }
        if (pruning != null) {
            bound.add(FunctionCounter.builder("datadiet.pruning.events", pruning, p -> p.decision() == null ? 0 : 1)
                    .description("Prunings done").baseUnit("events").tags(tags).register(meterRegistry));
        }
        if (ntk != null) {
            bound.add(gauge("datadiet.ntk.velocity", ntk, NtkVelocityListener::lastVelocity)
                    .description("Velocity of the probe's neural tangent kernel at the last measurement, per "
                            + ntk.unit()).tags(tags).register(meterRegistry));
        }
        if (training != null) {
            bound.add(gauge("datadiet.training.epoch", training, TrainingState::epoch)
                    .description("Epoch under way (1-based)").tags(tags).register(meterRegistry));
            bound.add(FunctionCounter.builder("datadiet.training.iterations", training, TrainingState::iterations)
                    .description("Training iterations (minibatches) done").tags(tags).register(meterRegistry));
            bound.add(gauge("datadiet.training.loss", training, TrainingState::loss)
                    .description("Loss of the last training minibatch").tags(tags).register(meterRegistry));
        }
    }

    /** A gauge that holds its state strongly, so it reads the state for as long as it is registered. */
    private static <T> Gauge.Builder<T> gauge(String name, T state, ToDoubleFunction<T> value) {
        return Gauge.builder(name, state, value).strongReference(true);
    }

    private void bindScore(MeterRegistry meterRegistry, EpochScoringListener scorer) {
        String score = scorer.scoreName();
        double[] bounds = ScoreDistribution.bounds(score);
        DistributionCache cache = new DistributionCache(scorer, bounds);
        Tags scoreTags = tags.and("score", score);
        for (int q = 0; q < ScoreDistribution.QUANTILES.length; q++) {
            int index = q;
            bound.add(gauge("datadiet.score", cache, c -> c.get().quantiles()[index])
                    .description("Quantile of the last scoring pass of a score").tags(scoreTags)
                    .tag("q", format(ScoreDistribution.QUANTILES[q])).register(meterRegistry));
        }
        for (int b = 0; b <= bounds.length; b++) {
            int index = b;
            bound.add(gauge("datadiet.score.distribution", cache, c -> c.get().atOrBelow()[index])
                    .description("Examples whose score in the last pass is at or below the bound").baseUnit("examples")
                    .tags(scoreTags).tag("upper", b == bounds.length ? "+Inf" : format(bounds[b]))
                    .register(meterRegistry));
        }
        bound.add(gauge("datadiet.score.epoch", scorer, EpochScoringListener::lastScoredEpoch)
                .description("Epoch of the last scoring pass (-1 before the first)").tags(scoreTags)
                .register(meterRegistry));
        bound.add(FunctionTimer.builder("datadiet.scoring.duration", scorer, EpochScoringListener::passes,
                        EpochScoringListener::totalPassSeconds, TimeUnit.SECONDS)
                .description("Scoring passes and the wall time they took").tags(scoreTags).register(meterRegistry));
    }

    /** Per-class counts of the examples the current pass visits, recounted once per pass. */
    private static final class KeptPerClass {
        private final ExampleIdIterator iterator;
        private int pass = -1;
        private int[] counts;

        KeptPerClass(ExampleIdIterator iterator) {
            this.iterator = iterator;
        }

        synchronized int[] get() {
            int now = iterator.pass();
            if (now != pass) {
                int[] fresh = new int[iterator.examples().numClasses()];
                for (int id : iterator.visiting()) {
                    fresh[iterator.examples().label(id)]++;
                }
                counts = fresh;
                pass = now;
            }
            return counts;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e6
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    @Override
    public void close() {
        if (registry != null) {
            bound.forEach(registry::remove);
            bound.clear();
        }
    }

    /** Recomputes a score's distribution only when a new scoring pass has happened. */
    private static final class DistributionCache {
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
                distribution = scores == null
                        ? new ScoreDistribution(nan(ScoreDistribution.QUANTILES.length), new long[bounds.length + 1])
                        : ScoreDistribution.of(scores, bounds);
                passes = now;
            }
            return distribution;
        }

        private static double[] nan(int n) {
            double[] values = new double[n];
            java.util.Arrays.fill(values, Double.NaN);
            return values;
        }
    }

    /** What to bind. */
    public static final class Builder {
        private Tags tags;
        private final List<EpochScoringListener> scorers = new ArrayList<>();
        private ForgettingListener forgetting;
        private EarlyPruningListener pruning;
        private ExampleIdIterator iterator;
        private TrainingState training;
        private NtkVelocityListener ntk;

        private Builder(Tags tags) {
            this.tags = tags;
        }

        /** More common tags (bounded values only). */
        public Builder tags(String... keyValues) {
            tags = tags.and(keyValues);
            return this;
        }

        /** Score distributions and scoring durations of these listeners (forgetting too). */
        public Builder scores(EpochScoringListener... listeners) {
            for (EpochScoringListener listener : listeners) {
                scorers.add(listener);
                if (listener instanceof ForgettingListener f) {
                    forgetting = f;
                }
            }
            return this;
        }

        /** Kept examples (total and per class) and prunings. */
        public Builder pruning(ExampleIdIterator iterator, EarlyPruningListener pruner) {
            this.iterator = iterator;
            this.pruning = pruner;
            return this;
        }

        /** The NTK velocity (overall) of this listener. */
        public Builder ntk(NtkVelocityListener listener) {
            this.ntk = listener;
            return this;
        }

        /** Epoch, iterations and loss. */
        public Builder training(TrainingState state) {
            this.training = state;
            return this;
        }

        public DatadietMetrics build() {
            return new DatadietMetrics(this);
        }
    }
}
