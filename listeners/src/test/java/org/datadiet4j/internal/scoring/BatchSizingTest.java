package org.datadiet4j.internal.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BatchSizingTest {

    /** A pass of n examples allocating n × 1 000 floats and one fixed array of 25 000 floats in the scoring workspace. */
    private static void knownPass(ScoringContext context, int n) {
        context.runInScoringWorkspace(() -> {
            Nd4j.createUninitialized(DataType.FLOAT, 25_000).assign(1);
            Nd4j.createUninitialized(DataType.FLOAT, n, 1_000).assign(2);
            return null;
        });
    }

    private static org.deeplearning4j.nn.multilayer.MultiLayerNetwork tinyNetwork() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork network = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(3).nOut(2)
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                        .build());
        network.init();
        return network;
    }

    @Test
    void measuresBytesPerExampleAndTheFixedPartOfAPass() {
        ScoringContext context = ScoringContext.of(tinyNetwork());
        BatchSizing.Choice choice = BatchSizing.fitting(64L << 20, 1, 1_000_000, n -> knownPass(context, n));
        // the workspace holds what a pass allocated plus its 20 % over-allocation: 1.2 × 4 000 bytes per
        // example and 1.2 × 100 000 bytes fixed; the batch is what 64 MB leave, down to a multiple of 16
        assertThat(choice.bytesPerExample()).isEqualTo(4_800);
        assertThat(choice.fixedBytes()).isEqualTo(120_000);
        assertThat(choice.batchSize()).isEqualTo((int) ((64L * 1024 * 1024 - 120_000) / 4_800 / 16 * 16));
    }

    @Test
    void keepsTheBatchWithinItsBoundsAndLeavesTheCallersWorkspaceAlone() {
        ScoringContext context = ScoringContext.of(tinyNetwork());
        long before = ScoringContext.workspaceBytes();
        assertThat(BatchSizing.fitting(1L << 20, 300, 500, n -> knownPass(context, n)).batchSize()).isEqualTo(300);
        assertThat(BatchSizing.fitting(1L << 30, 16, 4_096, n -> knownPass(context, n)).batchSize()).isEqualTo(4_096);
        assertThat(ScoringContext.workspaceBytes()).isEqualTo(before);
    }

    @Test
    void aFailingPassFailsTheSizingWithItsOwnError() {
        assertThatThrownBy(() -> BatchSizing.fitting(1L << 20, 1, 10, n -> {
            throw new IllegalStateException("layer 3 does not fit");
        })).isInstanceOf(IllegalStateException.class).hasMessage("layer 3 does not fit");
        assertThatThrownBy(() -> BatchSizing.fitting(1L << 20, 5, 4, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= min <= max");
    }
}
