package org.datadiet4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Meter values against the state they describe, after a short real training. */
class DatadietMetricsTest {

    private static final int N = 240;
    private static Examples examples;
    private static ExampleIdIterator iterator;
    private static El2nListener el2n;
    private static ForgettingListener forgetting;
    private static EarlyPruningListener pruner;
    private static NtkVelocityListener ntk;
    private static TrainingState training;
    private static MultiLayerNetwork net;

    @BeforeAll
    static void train() {
        examples = blobs();
        iterator = examples.shuffledIterator(16, 2);
        net = network();
        el2n = El2nListener.builder(examples).atEpochs(2).build();
        forgetting = ForgettingListener.builder(iterator).atEpochs(4).build();
        pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5).build();
        ntk = NtkVelocityListener.builder(examples).randomProbe(6, 1).build();
        training = new TrainingState();
        net.setListeners(training, forgetting, pruner, ntk);
        net.fit(iterator, 4);
    }

    /** 240 examples of 3 classes in 4 dimensions, shifted apart by class. */
    private static Examples blobs() {
        Random random = new Random(1);
        float[][] x = new float[N][4];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (y[i] * (j % 2 == 0 ? 0.7 : -0.7) + random.nextGaussian());
            }
        }
        return Examples.of(Nd4j.create(x), y, 3);
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        network.init();
        return network;
    }

    private static DatadietMetrics metrics() {
        return DatadietMetrics.builder("test-job", "mlp").scores(el2n, forgetting).pruning(iterator, pruner)
                .ntk(ntk).training(training).build();
    }

    private static SimpleMeterRegistry registry() {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    }

    /** Every gauge against the state it reads. */
    private static void assertGaugesReadTheListenersState(MeterRegistry registry) {
        float[] scores = el2n.store().column("el2n").means();
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        assertThat(registry.get("datadiet.score").tags("training_job", "test-job", "model", "mlp", "score", "el2n",
                "q", "0.5").gauge().value()).isCloseTo((sorted[119] + sorted[120]) / 2.0, within(1e-7));
        assertThat(registry.get("datadiet.score").tags("score", "el2n", "q", "1").gauge().value())
                .isEqualTo(sorted[N - 1]);
        long atMostHalf = 0;
        for (float s : scores) {
            if (s <= 0.5) {
                atMostHalf++;
            }
        }
        assertThat(registry.get("datadiet.score.distribution.examples").tags("score", "el2n", "upper", "0.5").gauge()
                .value()).isEqualTo(atMostHalf);
        assertThat(registry.get("datadiet.score.distribution.examples").tags("score", "el2n", "upper", "+Inf").gauge()
                .value()).isEqualTo(N);
        assertThat(registry.get("datadiet.score.epochs").tags("score", "el2n").gauge().value()).isEqualTo(2);

        assertThat(registry.get("datadiet.never.learned.examples").gauge().value())
                .isEqualTo(forgetting.tracker().neverLearnedCount());
        assertThat(registry.get("datadiet.score.epochs").tags("score", "forgetting").gauge().value()).isEqualTo(4);

        assertThat(registry.get("datadiet.examples").gauge().value()).isEqualTo(N);
        int[] perClass = pruner.decision().keptPerClass();
        assertThat(perClass[0] + perClass[1] + perClass[2]).isEqualTo(120);
        for (int c = 0; c < 3; c++) {
            assertThat(registry.get("datadiet.kept.examples").tag("class", Integer.toString(c)).gauge().value())
                    .isEqualTo(perClass[c]);
        }
        assertThat(registry.get("datadiet.ntk.velocity").tag("per", "epoch").gauge().value())
                .isEqualTo(ntk.lastVelocity()).isBetween(0.0, 2.0);
        assertThat(registry.get("datadiet.training.loss").gauge().value()).isEqualTo(net.score());
    }

    @Test
    void metersReadTheListenersState() {
        SimpleMeterRegistry registry = registry();
        try (DatadietMetrics metrics = metrics()) {
            metrics.bindTo(registry);

            assertGaugesReadTheListenersState(registry);
            assertThat(registry.get("datadiet.scoring.duration").tags("score", "el2n").functionTimer().count())
                    .isEqualTo(1);
            assertThat(registry.get("datadiet.scoring.duration").tags("score", "el2n").functionTimer()
                    .totalTime(TimeUnit.SECONDS)).isEqualTo(el2n.totalPassSeconds()).isPositive();
            assertThat(registry.get("datadiet.forgetting.events").functionCounter().count())
                    .isEqualTo(forgetting.tracker().totalEvents());
            assertThat(registry.get("datadiet.pruning.events").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("datadiet.training.epochs").functionCounter().count()).isEqualTo(4);
            // 2 epochs of 15 batches (240 examples, batches of 16), 2 of 8 (120 kept)
            assertThat(registry.get("datadiet.training.iterations").functionCounter().count()).isEqualTo(46);
        }
        assertThat(registry.getMeters()).as("close removes every meter").isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "none", value = {
            "datadiet.score,                        none",
            "datadiet.score.distribution.examples,  examples",
            "datadiet.score.epochs,                 epochs",
            "datadiet.forgetting.events,            events",
            "datadiet.never.learned.examples,       examples",
            "datadiet.examples,                     examples",
            "datadiet.kept.examples,                examples",
            "datadiet.pruning.events,               events",
            "datadiet.ntk.velocity,                 none",
            "datadiet.training.epochs,              epochs",
            "datadiet.training.iterations,          iterations",
            "datadiet.training.loss,                none",
            "datadiet.scoring.duration,             seconds"})
    void everyMeterHasItsBaseUnitAndADescription(String name, String baseUnit) {
        SimpleMeterRegistry registry = registry();
        try (DatadietMetrics metrics = metrics()) {
            metrics.bindTo(registry);
            for (Meter meter : registry.find(name).meters()) {
                assertThat(meter.getId().getBaseUnit()).as(name).isEqualTo(baseUnit);
                assertThat(meter.getId().getDescription()).as(name).isNotBlank();
                assertThat(meter.getId().getTag("training_job")).isEqualTo("test-job");
                assertThat(meter.getId().getTag("model")).isEqualTo("mlp");
            }
            assertThat(registry.find(name).meters()).isNotEmpty();
        }
    }

    @Test
    void theParametrizedTableCoversEveryMeter() {
        SimpleMeterRegistry registry = registry();
        try (DatadietMetrics metrics = metrics()) {
            metrics.bindTo(registry);
            assertThat(registry.getMeters().stream().map(m -> m.getId().getName()).distinct())
                    .containsExactlyInAnyOrder("datadiet.score", "datadiet.score.distribution.examples",
                            "datadiet.score.epochs", "datadiet.forgetting.events", "datadiet.never.learned.examples",
                            "datadiet.examples", "datadiet.kept.examples", "datadiet.pruning.events",
                            "datadiet.ntk.velocity", "datadiet.training.epochs", "datadiet.training.iterations",
                            "datadiet.training.loss", "datadiet.scoring.duration");
            // 7 quantiles + 16 el2n buckets + 10 forgetting buckets, per score; 3 classes
            assertThat(registry.find("datadiet.score").meters()).hasSize(2 * 7);
            assertThat(registry.find("datadiet.score.distribution.examples").meters()).hasSize(16 + 10);
            assertThat(registry.find("datadiet.kept.examples").meters()).hasSize(3);
        }
    }

    @Test
    void beforeTheFirstScoringPassQuantilesAreNanAndBucketsEmpty() {
        SimpleMeterRegistry registry = registry();
        El2nListener unscored = El2nListener.builder(examples).atEpochs(3).build();
        try (DatadietMetrics metrics = DatadietMetrics.builder("fresh", "mlp").scores(unscored).build()) {
            metrics.bindTo(registry);
            assertThat(registry.get("datadiet.score").tag("q", "0.5").gauge().value()).isNaN();
            assertThat(registry.get("datadiet.score.distribution.examples").tag("upper", "+Inf").gauge().value())
                    .isZero();
            assertThat(registry.get("datadiet.score.epochs").gauge().value()).isEqualTo(-1);
            assertThat(registry.get("datadiet.scoring.duration").functionTimer().count()).isZero();
        }
    }

    /** Binds a binder the way a Micrometer binder is used, {@code new X().bindTo(registry)}, and lets go of it. */
    private static WeakReference<DatadietMetrics> bindAndForget(MeterRegistry registry) {
        DatadietMetrics metrics = metrics();
        metrics.bindTo(registry);
        return new WeakReference<>(metrics);
    }

    @Test
    void gaugesKeepReadingTheirStateAfterTheBinderIsCollected() {
        SimpleMeterRegistry registry = registry();
        WeakReference<DatadietMetrics> binder = bindAndForget(registry);
        for (int attempt = 0; attempt < 100 && binder.get() != null; attempt++) {
            System.gc();
        }
        assertThat(binder.get()).as("the binder is garbage collected").isNull();

        assertGaugesReadTheListenersState(registry);
    }

    @Test
    void monitorBindsEveryDatadietListenerOfTheModelInOneLine() {
        SimpleMeterRegistry registry = registry();
        SimpleMeterRegistry reference = registry();
        try (DatadietMetrics monitored = DatadietMetrics.monitor(registry, "test-job", "mlp", iterator,
                net.getListeners());
             DatadietMetrics built = DatadietMetrics.builder("test-job", "mlp").scores(forgetting)
                     .pruning(iterator, pruner).ntk(ntk).training(training).build()) {
            built.bindTo(reference);
            assertThat(registry.getMeters().stream().map(Meter::getId))
                    .containsExactlyInAnyOrderElementsOf(reference.getMeters().stream().map(Meter::getId).toList());
            assertThat(registry.get("datadiet.training.epochs").functionCounter().count()).isEqualTo(4);
        }
        assertThat(registry.getMeters()).isEmpty();
        assertThatThrownBy(() -> DatadietMetrics.monitor(registry, "job", "mlp", iterator,
                java.util.List.of(training, new TrainingState(), new ScoreIterationListener())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two TrainingStates");
    }

    @Test
    void prometheusNamesStartWithDatadietAndCarryTheTrainingJob() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics().bindTo(registry);
        String text = registry.scrape();
        assertThat(text)
                .contains("datadiet_score{model=\"mlp\",q=\"0.5\",score=\"el2n\",training_job=\"test-job\"}")
                .contains("datadiet_score_distribution_examples{model=\"mlp\",score=\"el2n\",training_job=\"test-job\",upper=\"+Inf\"} 240")
                .contains("datadiet_score_epochs{model=\"mlp\",score=\"el2n\",training_job=\"test-job\"} 2")
                .contains("datadiet_forgetting_events_total{model=\"mlp\",training_job=\"test-job\"}")
                .contains("datadiet_never_learned_examples{")
                .contains("datadiet_examples{model=\"mlp\",training_job=\"test-job\"} 240")
                .contains("datadiet_kept_examples{class=\"0\",model=\"mlp\",training_job=\"test-job\"}")
                .contains("datadiet_pruning_events_total{model=\"mlp\",training_job=\"test-job\"} 1")
                .contains("datadiet_scoring_duration_seconds_count{model=\"mlp\",score=\"el2n\",training_job=\"test-job\"} 1")
                .contains("datadiet_ntk_velocity{model=\"mlp\",per=\"epoch\",training_job=\"test-job\"}")
                .contains("datadiet_training_epochs_total{model=\"mlp\",training_job=\"test-job\"} 4")
                .contains("datadiet_training_iterations_total{model=\"mlp\",training_job=\"test-job\"} 46")
                .contains("datadiet_training_loss{");
        for (String line : text.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertThat(line).startsWith("datadiet_");
            }
        }
    }

    /** Pruned before training, the pass nothing was read from yet visits 4 of 30: the gauges say so at once. */
    @Test
    void keptPerClassFollowsAKeepSetInstalledBeforeTraining() {
        float[][] x = new float[30][2];
        int[] labels = new int[30];
        for (int i = 0; i < 30; i++) {
            x[i][0] = i;
            labels[i] = i % 3;
        }
        ExampleIdIterator iterator = Examples.of(Nd4j.create(x), labels, 3).shuffledIterator(8, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        DatadietMetrics.builder("j", "m").pruning(iterator, null).build().bindTo(registry);
        assertThat(registry.get("datadiet.kept.examples").tag("class", "0").gauge().value()).isEqualTo(10);

        iterator.keepOnly(new int[] {0, 1, 3, 5});   // classes 0, 1, 0, 2

        assertThat(registry.get("datadiet.kept.examples").tag("class", "0").gauge().value()).isEqualTo(2);
        assertThat(registry.get("datadiet.kept.examples").tag("class", "1").gauge().value()).isEqualTo(1);
        assertThat(registry.get("datadiet.kept.examples").tag("class", "2").gauge().value()).isEqualTo(1);
    }
}
