package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.gradients.NeuralTangentKernel;
import org.datadiet4j.scores.KernelVelocity;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class NtkVelocityListenerTest {

    @TempDir
    Path dir;

    @Test
    void measuresBeforeTrainingAndEveryEpochWithGroupsOnTheirSubKernels() throws Exception {
        Examples examples = TestNets.blobs(200, 5, 3, 41, DataType.DOUBLE);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 42, 0.0);
        MultiLayerNetwork initial = net.clone();
        int[] groups = new int[12];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = i % 3;
        }
        Path csv = dir.resolve("ntk.csv");
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(12, 7)
                .groups(groups, "low", "mid", "high").retainKernels().writeTo(csv).build();
        net.setListeners(ntk);

        net.fit(examples.shuffledIterator(32, 43), 3);

        List<NtkVelocityListener.Point> points = ntk.points();
        assertThat(points).hasSize(3 * 4);
        assertThat(points.stream().filter(p -> p.group().equals("all")).map(NtkVelocityListener.Point::epoch))
                .containsExactly(1, 2, 3);
        // the velocity between initialisation and epoch 1, recomputed from the kernels of the two networks
        var probe = examples.gather(ntk.probe()).getFeatures();
        double[] before = NeuralTangentKernel.of(initial).kernel(probe);
        double[] now = NeuralTangentKernel.of(net).kernel(probe);
        assertThat(points.get(0).velocity()).isPositive();
        double[] afterThree = now;
        int size = (int) Math.round(Math.sqrt(before.length));
        assertThat(KernelVelocity.cosine(before, afterThree, size, null)).isLessThan(1);
        // the same series from retained kernels, with the groups given afterwards
        assertThat(ntk.velocities(groups, new String[] {"low", "mid", "high"})).containsExactlyElementsOf(points);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("iteration,epoch,group,velocity_per_epoch");
        assertThat(lines).hasSize(1 + 12);
        assertThat(ntk.secondsPerMeasurement()).isPositive();
    }

    @Test
    void theFirstVelocityIsThatOfTheInitialAndTheFirstEpochKernels() {
        Examples examples = TestNets.blobs(120, 5, 3, 44, DataType.DOUBLE);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 45, 0.0);
        MultiLayerNetwork initial = net.clone();
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(8, 1).build();
        net.setListeners(ntk);

        net.fit(examples.shuffledIterator(32, 46), 1);

        var probe = examples.gather(ntk.probe()).getFeatures();
        double[] before = NeuralTangentKernel.of(initial).kernel(probe);
        double[] after = NeuralTangentKernel.of(net).kernel(probe);
        int size = (int) Math.round(Math.sqrt(before.length));
        assertThat(ntk.points()).hasSize(1);
        assertThat(ntk.points().get(0).velocity()).isCloseTo(KernelVelocity.of(before, after, size, 1.0), within(1e-12));
        assertThat(ntk.lastVelocity()).isEqualTo(ntk.points().get(0).velocity());
    }

    @Test
    void everyKIterationsCountsPerIteration() {
        Examples examples = TestNets.blobs(96, 5, 3, 47, DataType.FLOAT);
        MultiLayerNetwork net = TestNets.mlp(5, 3, 48, 0.0);
        NtkVelocityListener ntk = NtkVelocityListener.builder(examples).randomProbe(6, 2).everyIterations(4).build();
        net.setListeners(ntk);

        net.fit(examples.shuffledIterator(16, 49), 2);

        assertThat(ntk.unit()).isEqualTo("iteration");
        assertThat(ntk.points()).extracting(NtkVelocityListener.Point::iteration).containsExactly(4L, 8L, 12L);
        assertThatThrownBy(() -> NtkVelocityListener.builder(examples).randomProbe(0, 1).build())
                .hasMessageContaining("between 1 and 96");
    }
}
