package org.datadiet4j.internal.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.internal.gradients.LastLayerGradientNorms;
import org.datadiet4j.internal.gradients.NeuralTangentKernel;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.GrandListener;
import org.datadiet4j.listeners.TestNets;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A scoring pass through the context leaves the model as training and its listeners see it: the
 * parameters and updater state, ND4J's random state (the next draw), the epoch and iteration
 * counters, the registered listeners, the score and the network's current input, labels and masks;
 * also when the pass throws half way, having replaced the input, reseeded the generator and drawn
 * from it. The reference is the model observed before the pass.
 */
class ScoringContextTest {

    private static final Examples EXAMPLES = TestNets.blobs(120, 6, 3, 31, DataType.FLOAT);

    /** Everything a pass could change that training, or a listener called after the pass, would notice. */
    private record Observed(float[] params, float[] updaterState, long rootState, long nodeState, double nextDraw,
                            int epochs, int iterations, List<TrainingListener> listeners, double score,
                            Object[] currentInputs) {

        static Observed of(Model model) {
            Random random = Nd4j.getRandom();
            long root = random.rootState();
            long node = random.nodeState();
            double next = random.nextDouble();
            random.setStates(root, node);
            NetworkView network = NetworkView.of(model);
            Object[] inputs = model instanceof MultiLayerNetwork mln
                    ? new Object[] {mln.getInput(), mln.getLabels(), mln.getMask()}
                    : new Object[] {((ComputationGraph) model).getInputs(), ((ComputationGraph) model).getInputMaskArrays(),
                            ((ComputationGraph) model).getLabelMaskArrays()};
            INDArray updater = model instanceof MultiLayerNetwork mln ? mln.getUpdater().getStateViewArray()
                    : ((ComputationGraph) model).getUpdater().getStateViewArray();
            return new Observed(model.params().toFloatVector(), updater.toFloatVector(), root, node, next,
                    network.epochCount(), network.iterationCount(), network.listeners(), model.score(), inputs);
        }

        void assertSameAs(Observed before) {
            assertThat(params).containsExactly(before.params);
            assertThat(updaterState).containsExactly(before.updaterState);
            assertThat(rootState).isEqualTo(before.rootState);
            assertThat(nodeState).isEqualTo(before.nodeState);
            assertThat(nextDraw).isEqualTo(before.nextDraw);
            assertThat(epochs).isEqualTo(before.epochs);
            assertThat(iterations).isEqualTo(before.iterations);
            assertThat(listeners).containsExactlyElementsOf(before.listeners);
            assertThat(score).isEqualTo(before.score);
            for (int i = 0; i < currentInputs.length; i++) {
                assertThat(currentInputs[i]).as("current input/labels/mask %d", i).isSameAs(before.currentInputs[i]);
            }
        }
    }

    /** A model one epoch into training with dropout, a listener registered and a batch as its current input. */
    private static Model trained(String kind) {
        Model model = kind.equals("graph") ? TestNets.graph(6, 3, 32, 0.7) : TestNets.mlp(6, 3, 33, 0.7);
        TestNets.fit(model, EXAMPLES.shuffledIterator(32, 34), 1, List.of(new BaseTrainingListener() { }));
        DataSet batch = EXAMPLES.range(0, 32);
        if (model instanceof MultiLayerNetwork mln) {
            mln.setInput(batch.getFeatures());
            mln.setLabels(batch.getLabels());
        } else {
            ((ComputationGraph) model).setInputs(batch.getFeatures());
        }
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"network", "graph"})
    void aPassThatThrowsHalfWayLeavesTheModelAsItWas(String kind) {
        Model model = trained(kind);
        Observed before = Observed.of(model);
        ScoringContext context = ScoringContext.of(model);
        DataSet some = EXAMPLES.range(40, 90);
        IllegalStateException failure = new IllegalStateException("a pass that fails half way");

        assertThatThrownBy(() -> context.run(() -> {
            context.forEachBatch(EXAMPLES, 50, (ids, batch) -> context.network().probabilities(batch.getFeatures()));
            context.network().outputLayerInput(some.getFeatures());
            ExactGradientNorms.of(model).squaredNorms(some.getFeatures(), some.getLabels());
            context.network().twin(some.getFeatures().getRow(0, true), (conf, rank) -> { });
            Nd4j.getRandom().setSeed(99);
            Nd4j.rand(DataType.FLOAT, 5, 5);
            throw failure;
        })).isSameAs(failure);

        Observed.of(model).assertSameAs(before);
    }

    /** Without the context, the same inference pass does replace what the model holds: the check above can fail. */
    @ParameterizedTest
    @ValueSource(strings = {"network", "graph"})
    void withoutTheContextAnInferencePassReplacesTheCurrentInput(String kind) {
        Model model = trained(kind);
        Observed before = Observed.of(model);

        NetworkView.of(model).outputLayerInput(EXAMPLES.range(40, 90).getFeatures());

        assertThat(Observed.of(model).currentInputs[0]).isNotSameAs(before.currentInputs[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"network", "graph"})
    void everyScoringPassLeavesTheModelAsItWas(String kind) {
        Model model = trained(kind);
        Observed before = Observed.of(model);
        DataSet some = EXAMPLES.range(0, 20);

        El2nListener.builder(EXAMPLES).atEpochs(1).batchSize(50).build().scoreNow(model, 1);
        Observed.of(model).assertSameAs(before);
        GrandListener grand = GrandListener.builder(EXAMPLES).atEpochs(1).batchSize(50).build();
        grand.scoreNow(model, 1);
        Observed.of(model).assertSameAs(before);
        assertThat(grand.verify(model, 5, 3).maxRelativeError()).isLessThan(1e-3);
        Observed.of(model).assertSameAs(before);
        GrandListener.builder(EXAMPLES).atEpochs(1).mode(GrandListener.Mode.LAST_LAYER).build().scoreNow(model, 1);
        Observed.of(model).assertSameAs(before);
        LastLayerGradientNorms.of(model).squaredNorms(some.getFeatures(), some.getLabels());
        BruteForceGradientNorms.of(model).squaredNorms(some.getFeatures(), some.getLabels());
        Observed.of(model).assertSameAs(before);
        NeuralTangentKernel.of(model).kernel(some.getFeatures());
        Observed.of(model).assertSameAs(before);
    }

    /**
     * Inside a workspace training holds open (as in MultiLayerNetwork's onForwardPass), a pass runs
     * outside it (the closed-form engine, in the scoring workspace: the norms are those computed with
     * no workspace open), and the training workspace is the current one again afterwards, also after a
     * pass that threw.
     */
    @ParameterizedTest
    @ValueSource(strings = {"network", "graph"})
    void aPassInsideATrainingWorkspaceRunsOutsideItAndLeavesItCurrent(String kind) {
        Model model = trained(kind);
        ScoringContext context = ScoringContext.of(model);
        ExactGradientNorms norms = ExactGradientNorms.of(model);
        DataSet some = EXAMPLES.range(0, 10);
        double[] expected = norms.squaredNorms(some.getFeatures(), some.getLabels());

        try (MemoryWorkspace training = openTrainingLikeWorkspace()) {
            assertThat(norms.squaredNorms(some.getFeatures(), some.getLabels())).containsExactly(expected);
            assertThat(Nd4j.getMemoryManager().getCurrentWorkspace()).isSameAs(training);
            assertThatThrownBy(() -> context.runInScoringWorkspace(() -> {
                Nd4j.create(DataType.FLOAT, 4, 4);
                throw new IllegalStateException("fails");
            })).hasMessage("fails");
            assertThat(Nd4j.getMemoryManager().getCurrentWorkspace()).isSameAs(training);
        }
        assertThat(ScoringContext.workspaceBytes()).isPositive();
    }

    /**
     * A MultiLayerNetwork's own inference pass refuses to run inside an open workspace; in the context
     * it runs, and its output is detached. (A ComputationGraph's refuses whenever any workspace is open
     * on the thread, even scoped out, in DL4J 1.0.0-M2.1: graphs are scored only where training holds
     * none open, at the epoch and iteration callbacks.)
     */
    @Test
    void aNetworkInferencePassInsideATrainingWorkspaceGivesADetachedOutput() {
        Model model = trained("network");
        ScoringContext context = ScoringContext.of(model);
        INDArray x = EXAMPLES.range(0, 10).getFeatures();
        float[] expected = context.run(() -> context.network().probabilities(x)).reshape(-1).toFloatVector();

        try (MemoryWorkspace training = openTrainingLikeWorkspace()) {
            assertThatThrownBy(() -> context.network().probabilities(x)).hasMessageContaining("workspace");

            INDArray inside = context.run(() -> context.network().probabilities(x));

            assertThat(inside.isAttached()).isFalse();
            assertThat(inside.reshape(-1).toFloatVector()).containsExactly(expected);
            assertThat(Nd4j.getMemoryManager().getCurrentWorkspace()).isSameAs(training);
        }
    }

    private static MemoryWorkspace openTrainingLikeWorkspace() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(WorkspaceConfiguration.builder().build(),
                "TRAINING_LIKE");
    }
}
