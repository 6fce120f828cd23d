package org.datadiet4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.network.NetworkView;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Progress as the model counts it, and its state across a checkpoint. */
class TrainingStateTest {

    private static Examples examples(int n) {
        Random random = new Random(4);
        float[][] x = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) (y[i] + random.nextGaussian());
            }
        }
        return Examples.of(Nd4j.create(x), y, 2);
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        network.init();
        return network;
    }

    @Test
    void aResumedModelReportsItsOwnEpochsAndIterationsNotThisProcesssCallbacks() {
        MultiLayerNetwork network = network();
        // as a model loaded from a checkpoint after 5 epochs and 100 iterations carries them
        NetworkView.of(network).setCounters(5, 100);
        TrainingState state = new TrainingState();
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
        try (DatadietMetrics metrics = DatadietMetrics.builder("resumed", "mlp").training(state).build()) {
            metrics.bindTo(registry);
            network.setListeners(state);
            network.fit(examples(50).iterator(10), 2);

            // 2 more epochs of 5 batches (50 examples, batches of 10)
            assertThat(registry.get("datadiet.training.epochs").functionCounter().count()).isEqualTo(7);
            assertThat(registry.get("datadiet.training.iterations").functionCounter().count()).isEqualTo(110);
            assertThat(registry.get("datadiet.training.loss").gauge().value()).isEqualTo(network.score());
        }
    }

    @Test
    void epochsCompletedAreRightInEveryCallback() {
        MultiLayerNetwork network = network();
        TrainingState state = new TrainingState();
        StringBuilder seen = new StringBuilder();
        network.setListeners(state, new BaseTrainingListener() {
            @Override
            public void onEpochStart(Model model) {
                seen.append("start:").append(state.epochs()).append(' ');
            }

            @Override
            public void onEpochEnd(Model model) {
                seen.append("end:").append(state.epochs()).append('/').append(state.iterations()).append(' ');
            }
        });
        network.fit(examples(20).iterator(10), 2);
        // the state reads 1 at the end of the first epoch, though DL4J counts it only after onEpochEnd
        assertThat(seen.toString()).isEqualTo("start:0 end:1/2 start:1 end:2/4 ");
        assertThat(state.epochs()).isEqualTo(network.getEpochCount()).isEqualTo(2);
    }

    @Test
    void stateSavedWithACheckpointIsReportedBeforeTheFirstIterationOfTheResumedJob() throws IOException {
        MultiLayerNetwork network = network();
        TrainingState before = new TrainingState();
        network.setListeners(before);
        network.fit(examples(30).iterator(10), 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        before.writeState(new DataOutputStream(bytes));

        TrainingState after = new TrainingState();
        assertThat(after.stateKey()).isEqualTo(before.stateKey()).isEqualTo("training-progress");
        assertThat(after.epochs()).isZero();
        assertThat(after.loss()).isNaN();
        after.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(after.epochs()).isEqualTo(3);
        assertThat(after.iterations()).isEqualTo(9);
        assertThat(after.loss()).isEqualTo(network.score());
    }

    @Test
    void aCorruptSavedStateIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(-3);
        out.writeLong(7);
        out.writeDouble(0.5);
        TrainingState state = new TrainingState();
        assertThatThrownBy(() -> state.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("-3 epochs");
        assertThat(state.epochs()).isZero();
    }
}
