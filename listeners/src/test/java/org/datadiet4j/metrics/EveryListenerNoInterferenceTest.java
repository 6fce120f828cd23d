package org.datadiet4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.NtkVelocityListener;
import org.datadiet4j.resume.ResumableCheckpointListener;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every datadiet listener at once (EL2N and GraNd passes, forgetting counts, NTK measurements,
 * the training-state and metrics binder scraped by a Prometheus registry from another thread
 * throughout, checkpoints with listener state every 4 iterations, and an early pruner that keeps
 * everything): the final weights are bit-identical to training with no listener, with dropout on,
 * for a MultiLayerNetwork and a ComputationGraph.
 */
class EveryListenerNoInterferenceTest {

    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    private static Examples blobs() {
        Random random = new Random(9);
        float[][] x = new float[300][6];
        int[] y = new int[300];
        for (int i = 0; i < x.length; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) (y[i] * (j % 3 - 1) + random.nextGaussian());
            }
        }
        return Examples.of(Nd4j.create(x), y, 3);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(41).updater(new Adam(1e-2));
    }

    private static Model mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).dropOut(0.7).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        return net;
    }

    private static Model graph() {
        ComputationGraph net = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.RELU).dropOut(0.7)
                        .build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.feedForward(6)).build());
        net.init();
        return net;
    }

    private static float[] train(Model model, ExampleIdIterator data, TrainingListener... listeners) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setListeners(listeners);
            mln.fit(data, EPOCHS);
        } else {
            ((ComputationGraph) model).setListeners(listeners);
            ((ComputationGraph) model).fit(data, EPOCHS);
        }
        return model.params().toFloatVector();
    }

    private void assertEveryListenerLeavesWeightsBitIdentical(Supplier<Model> network, String name) throws Exception {
        Examples examples = blobs();
        float[] without = train(network.get(), examples.shuffledIterator(32, 5));

        ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(0, 1, 2).batchSize(64).build();
        GrandListener grand = GrandListener.builder(examples).atEpochs(2).store(el2n.store()).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(1, 3).store(el2n.store()).build();
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(6, 1).everyIterations(5).build();
        EarlyPruningListener keepAll = EarlyPruningListener.builder(iterator, el2n).atEpoch(1).keep(1.0).build();
        TrainingState state = new TrainingState();
        File checkpoints = Files.createDirectory(dir.resolve(name)).toFile();
        ResumableCheckpointListener resumable = ResumableCheckpointListener.of(
                new CheckpointListener.Builder(checkpoints).saveEveryNIterations(4).keepLast(1).build(), checkpoints,
                iterator, el2n, grand, forgetting, ntk, keepAll, state);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean training = new AtomicBoolean(true);
        AtomicInteger scrapes = new AtomicInteger();
        AtomicReference<Throwable> scrapeFailure = new AtomicReference<>();
        Thread scraper = new Thread(() -> {
            try {
                while (training.get()) {
                    assertThat(registry.scrape()).contains("datadiet_training_");
                    scrapes.incrementAndGet();
                }
            } catch (Throwable t) {
                scrapeFailure.set(t);
            }
        });
        float[] with;
        try (DatadietMetrics metrics = DatadietMetrics.builder("no-interference", name).scores(el2n, grand, forgetting)
                .ntk(ntk).pruning(iterator, keepAll).training(state).build()) {
            metrics.bindTo(registry);
            scraper.start();
            try {
                with = train(network.get(), iterator, state, el2n, grand, forgetting, ntk, keepAll, resumable);
            } finally {
                // stop scraping before the binder closes and removes its meters
                training.set(false);
                scraper.join();
            }
        }

        assertThat(el2n.store().columns()).hasSize(3 + 1 + 4);
        assertThat(keepAll.decision().kept()).hasSize(examples.size());
        assertThat(ntk.points()).isNotEmpty();
        assertThat(resumable.saves()).isGreaterThan(3);
        assertThat(scrapeFailure.get()).isNull();
        assertThat(scrapes.get()).isPositive();
        assertThat(with).containsExactly(without);
    }

    @Test
    void multiLayerNetwork() throws Exception {
        assertEveryListenerLeavesWeightsBitIdentical(EveryListenerNoInterferenceTest::mlp, "mlp");
    }

    @Test
    void computationGraph() throws Exception {
        assertEveryListenerLeavesWeightsBitIdentical(EveryListenerNoInterferenceTest::graph, "graph");
    }
}
