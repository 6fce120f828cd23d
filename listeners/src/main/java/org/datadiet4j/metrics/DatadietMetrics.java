package org.datadiet4j.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.InfoBatchListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Binds datadiet's live state to a Micrometer registry. Every meter reads the state it describes
 * when scraped (no copies, no timers of its own) and carries the common tags {@code training_job}
 * and {@code model}. Meter names are dotted, lower-case and end in their base unit, so they read
 * the same in every registry; Prometheus shows them with underscores, {@code _total} on counters and
 * {@code _seconds_count}/{@code _seconds_sum} on the timer:
 *
 * <ul>
 *   <li>{@code datadiet.score{score, q}}: quantiles of the last scoring pass of each score (tag {@code q},
 *       as Prometheus keeps the label {@code quantile} for summaries);</li>
 *   <li>{@code datadiet.score.distribution.examples{score, upper}}: examples with a score at or below each
 *       fixed bound of that score ({@code upper="+Inf"}: all), the distribution behind a heatmap;</li>
 *   <li>{@code datadiet.score.epochs{score}}: epochs trained when the last scoring pass ran;</li>
 *   <li>{@code datadiet.scoring.duration{score}} (function timer): scoring passes and their time;</li>
 *   <li>{@code datadiet.forgetting.events} (counter), {@code datadiet.never.learned.examples};</li>
 *   <li>{@code datadiet.examples}, {@code datadiet.kept.examples{class}} (their sum over classes is
 *       the kept total), {@code datadiet.pruning.events} (counter);</li>
 *   <li>{@code datadiet.dynamic.fitted.examples}, {@code datadiet.dynamic.skipped.examples} (counters: example
 *       presentations fitted and saved by InfoBatch over completed epochs), {@code datadiet.dynamic.dropped.examples}
 *       (examples dropped from the current epoch);</li>
 *   <li>{@code datadiet.ntk.velocity{per}}: velocity of the probe's neural tangent kernel at the last
 *       measurement, per epoch or per iteration;</li>
 *   <li>{@code datadiet.training.epochs}, {@code datadiet.training.iterations} (counters, the model's own
 *       counts), {@code datadiet.training.loss}.</li>
 * </ul>
 *
 * Dimensionless values (score quantiles, the loss, the velocity, whose time unit is its {@code per}
 * tag) have no base unit, as Micrometer's own {@code process.cpu.usage}: a unit would be appended to
 * their Prometheus names. Unbounded values (example ids, iterations) are never tags.
 *
 * <p>Like any Micrometer binder it may be bound and dropped ({@code builder(...).build().bindTo(registry)}):
 * every gauge holds its state strongly (Micrometer's default is a weak reference, which reads NaN once
 * the state is collected, and the distribution caches are held by nothing but the gauges). So the
 * registry keeps the listeners alive until {@link #close()} removes the meters.
 */
public final class DatadietMetrics implements MeterBinder, AutoCloseable {

    static final String EXAMPLES = "examples";
    static final String EPOCHS = "epochs";
    static final String ITERATIONS = "iterations";

    private final Tags tags;
    private final List<EpochScoringListener> scorers;
    private final ForgettingListener forgetting;
    private final EarlyPruningListener pruning;
    private final ExampleIdIterator iterator;
    private final TrainingState training;
    private final NtkVelocityListener ntk;
    private final InfoBatchListener dynamic;
    private final List<Bound> bound = new ArrayList<>();

    private record Bound(MeterRegistry registry, Meter meter) {
    }

    private DatadietMetrics(Builder builder) {
        this.tags = builder.tags;
        this.scorers = List.copyOf(builder.scorers);
        this.forgetting = builder.forgetting;
        this.pruning = builder.pruning;
        this.iterator = builder.iterator;
        this.training = builder.training;
        this.ntk = builder.ntk;
        this.dynamic = builder.dynamic;
    }

    /**
     * Starts a binder whose meters carry these tags: {@code training_job} (which run: named so that it does
     * not clash with the {@code job} label Prometheus gives every scrape target) and {@code model}.
     */
    public static Builder builder(String job, String model) {
        if (job == null || job.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("the training_job and model tags name the run: give both, got job="
                    + job + ", model=" + model);
        }
        return new Builder(Tags.of("training_job", job, "model", model));
    }

    /**
     * Binds, in one line, the metrics of every datadiet listener among {@code listeners} and of the
     * examples {@code iterator} serves (null: none), and returns the binder to close when done, e.g.
     * {@code DatadietMetrics.monitor(registry, "my-job", "mlp", data, network.getListeners())}. Scoring,
     * pruning and NTK listeners and a {@link TrainingState} are bound; other listeners have no metrics
     * here and are passed over.
     */
    public static DatadietMetrics monitor(MeterRegistry registry, String job, String model, ExampleIdIterator iterator,
                                          Collection<? extends TrainingListener> listeners) {
        Builder builder = builder(job, model);
        EarlyPruningListener pruner = null;
        for (TrainingListener listener : listeners) {
            if (listener instanceof EpochScoringListener scorer) {
                builder.scores(scorer);
            } else if (listener instanceof EarlyPruningListener p) {
                pruner = only(pruner, p);
            } else if (listener instanceof NtkVelocityListener n) {
                builder.ntk(only(builder.ntk, n));
            } else if (listener instanceof InfoBatchListener d) {
                builder.dynamic(only(builder.dynamic, d));
            } else if (listener instanceof TrainingState t) {
                builder.training(only(builder.training, t));
            }
        }
        DatadietMetrics metrics = builder.pruning(iterator, pruner).build();
        metrics.bindTo(registry);
        return metrics;
    }

    private static <T> T only(T earlier, T listener) {
        if (earlier != null && earlier != listener) {
            throw new IllegalArgumentException("two " + listener.getClass().getSimpleName() + "s would report under"
                    + " the same names: bind each with its own binder and a distinguishing tag");
        }
        return listener;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EpochScoringListener scorer : scorers) {
            bindScore(registry, scorer);
        }
        if (forgetting != null) {
            add(registry, FunctionCounter.builder("datadiet.forgetting.events", forgetting,
                            f -> f.tracker().totalEvents())
                    .description("Forgetting events counted so far: correct at one presentation, wrong at the next")
                    .baseUnit(BaseUnits.EVENTS).tags(tags));
            add(registry, gauge("datadiet.never.learned.examples", forgetting, f -> f.tracker().neverLearnedCount())
                    .description("Examples presented and never classified correctly so far")
                    .baseUnit(EXAMPLES).tags(tags));
        }
        if (iterator != null) {
            add(registry, gauge("datadiet.examples", iterator, it -> it.examples().size())
                    .description("Training examples in the data set").baseUnit(EXAMPLES).tags(tags));
            KeptPerClass perClass = new KeptPerClass(iterator);
            for (int c = 0; c < iterator.examples().numClasses(); c++) {
                int label = c;
                add(registry, gauge("datadiet.kept.examples", perClass, counts -> counts.get()[label])
                        .description("Examples of a class the current epoch trains on").baseUnit(EXAMPLES)
                        .tags(tags).tag("class", Integer.toString(c)));
            }
        }
        if (pruning != null) {
            add(registry, FunctionCounter.builder("datadiet.pruning.events", pruning, p -> p.decision() == null ? 0 : 1)
                    .description("Prunings done").baseUnit(BaseUnits.EVENTS).tags(tags));
        }
        if (dynamic != null) {
            add(registry, FunctionCounter.builder("datadiet.dynamic.fitted.examples", dynamic,
                            InfoBatchListener::examplesFitted)
                    .description("Example presentations fitted over completed epochs under dynamic pruning")
                    .baseUnit(EXAMPLES).tags(tags));
            add(registry, FunctionCounter.builder("datadiet.dynamic.skipped.examples", dynamic,
                            InfoBatchListener::examplesSkipped)
                    .description("Example presentations dynamic pruning saved over completed epochs")
                    .baseUnit(EXAMPLES).tags(tags));
            add(registry, gauge("datadiet.dynamic.dropped.examples", dynamic, InfoBatchListener::droppedNow)
                    .description("Examples dynamic pruning dropped from the current epoch").baseUnit(EXAMPLES).tags(tags));
        }
        if (ntk != null) {
            add(registry, gauge("datadiet.ntk.velocity", ntk, NtkVelocityListener::lastVelocity)
                    .description("Velocity of the probe's neural tangent kernel at the last measurement, per epoch"
                            + " or per iteration (tag per); NaN before the second measurement")
                    .tags(tags).tag("per", ntk.unit()));
        }
        if (training != null) {
            add(registry, FunctionCounter.builder("datadiet.training.epochs", training, TrainingState::epochs)
                    .description("Training epochs the model has completed (its own count, continued on resume)")
                    .baseUnit(EPOCHS).tags(tags));
            add(registry, FunctionCounter.builder("datadiet.training.iterations", training, TrainingState::iterations)
                    .description("Training iterations (minibatch updates) the model has done")
                    .baseUnit(ITERATIONS).tags(tags));
            add(registry, gauge("datadiet.training.loss", training, TrainingState::loss)
                    .description("Loss of the last training minibatch").tags(tags));
        }
    }

    private void bindScore(MeterRegistry registry, EpochScoringListener scorer) {
        String score = scorer.scoreName();
        double[] bounds = ScoreDistribution.bounds(score);
        DistributionCache cache = new DistributionCache(scorer, bounds);
        Tags scoreTags = tags.and("score", score);
        for (int q = 0; q < ScoreDistribution.QUANTILES.length; q++) {
            int index = q;
            add(registry, gauge("datadiet.score", cache, c -> c.get().quantiles()[index])
                    .description("Quantile q of the scores of the last scoring pass (NaN before the first)")
                    .tags(scoreTags).tag("q", format(ScoreDistribution.QUANTILES[q])));
        }
        for (int b = 0; b <= bounds.length; b++) {
            int index = b;
            add(registry, gauge("datadiet.score.distribution.examples", cache, c -> c.get().atOrBelow()[index])
                    .description("Examples whose score in the last scoring pass is at or below the bound upper")
                    .baseUnit(EXAMPLES).tags(scoreTags).tag("upper", b == bounds.length ? "+Inf" : format(bounds[b])));
        }
        add(registry, gauge("datadiet.score.epochs", scorer, EpochScoringListener::lastScoredEpoch)
                .description("Training epochs completed when the last scoring pass ran (0: at initialisation,"
                        + " -1: no pass yet)")
                .baseUnit(EPOCHS).tags(scoreTags));
        bound.add(new Bound(registry, FunctionTimer.builder("datadiet.scoring.duration", scorer,
                        EpochScoringListener::passes, EpochScoringListener::totalPassSeconds, TimeUnit.SECONDS)
                .description("Scoring passes and the wall time they took").tags(scoreTags).register(registry)));
    }

    /** A gauge that holds its state strongly, so it reads the state for as long as it is registered. */
    private static <T> Gauge.Builder<T> gauge(String name, T state, ToDoubleFunction<T> value) {
        return Gauge.builder(name, state, value).strongReference(true);
    }

    private void add(MeterRegistry registry, Gauge.Builder<?> gauge) {
        bound.add(new Bound(registry, gauge.register(registry)));
    }

    private void add(MeterRegistry registry, FunctionCounter.Builder<?> counter) {
        bound.add(new Bound(registry, counter.register(registry)));
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e6
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    /** Removes the meters from every registry this binder was bound to. */
    @Override
    public void close() {
        bound.forEach(b -> b.registry().remove(b.meter()));
        bound.clear();
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
        private InfoBatchListener dynamic;

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

        /** Examples and kept examples per class of this iterator (null: none), and prunings (pruner null: none). */
        public Builder pruning(ExampleIdIterator iterator, EarlyPruningListener pruner) {
            if (pruner != null && iterator == null) {
                throw new IllegalArgumentException("the pruner's kept examples are counted on the iterator it prunes:"
                        + " give that ExampleIdIterator");
            }
            this.iterator = iterator;
            this.pruning = pruner;
            return this;
        }

        /** The NTK velocity (overall) of this listener. */
        public Builder ntk(NtkVelocityListener listener) {
            this.ntk = listener;
            return this;
        }

        /** Examples fitted, saved and dropped by this InfoBatch listener. */
        public Builder dynamic(InfoBatchListener listener) {
            this.dynamic = listener;
            return this;
        }

        /** Epochs, iterations and loss. */
        public Builder training(TrainingState state) {
            this.training = state;
            return this;
        }

        public DatadietMetrics build() {
            return new DatadietMetrics(this);
        }
    }
}
