package org.datadiet4j.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.data.FittedBatchIds;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.resume.Resumable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Pruning inside one fit call: what is fed before and after the swap. */
class EarlyPruningListenerTest {

    private static final int N = 200;
    private static final int BATCH = 16;

    @TempDir
    Path dir;

    private static Examples blobs(long seed) {
        Random random = new Random(seed);
        float[][] x = new float[N][4];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (y[i] * (j % 2 == 0 ? 1 : -1) + random.nextGaussian());
            }
        }
        return Examples.of(Nd4j.create(x), y, 3);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2));
    }

    /** One hidden ReLU layer of 8 and a softmax output over 3 classes, for 4 features. */
    private static MultiLayerNetwork denseNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        return net;
    }

    /** One hidden tanh layer of 8 and a softmax output over 3 classes, for 4 features, as a graph. */
    private static ComputationGraph denseGraph() {
        ComputationGraph net = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build());
        net.init();
        return net;
    }

    private static byte[] stateOf(Resumable part) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            part.writeState(out);
        }
        return bytes.toByteArray();
    }

    private static void restore(Resumable part, byte[] state) throws IOException {
        part.readState(new DataInputStream(new ByteArrayInputStream(state)));
    }

    /** The ids one pass of the iterator hands out, in order. */
    private static List<Integer> idsOfPass(ExampleIdIterator iterator) {
        List<Integer> ids = new ArrayList<>();
        while (iterator.hasNext()) {
            ids.addAll(iterator.next().getExampleMetaData(Integer.class));
        }
        return ids;
    }

    /** Records, per epoch, the ids of every fitted batch and the batch sizes. */
    private static final class Fed extends BaseTrainingListener {
        final FittedBatchIds fitted;
        final List<List<Integer>> idsPerEpoch = new ArrayList<>();
        final List<List<Integer>> batchSizes = new ArrayList<>();

        Fed(FittedBatchIds fitted) {
            this.fitted = fitted;
        }

        @Override
        public void onEpochStart(Model model) {
            idsPerEpoch.add(new ArrayList<>());
            batchSizes.add(new ArrayList<>());
        }

        @Override
        public void onGradientCalculation(Model model) {
            int[] ids = fitted.idsOfCurrentBatch(model);
            idsPerEpoch.get(idsPerEpoch.size() - 1).addAll(Arrays.stream(ids).boxed().toList());
            batchSizes.get(batchSizes.size() - 1).add(ids.length);
        }
    }

    private void assertSwapInsideOneFit(Fed fed, EarlyPruningListener pruner, int keptCount) {
        assertThat(fed.idsPerEpoch).hasSize(5);
        Set<Integer> kept = new HashSet<>(Arrays.stream(pruner.decision().kept()).boxed().toList());
        assertThat(kept).hasSize(keptCount);
        for (int epoch = 0; epoch < 5; epoch++) {
            List<Integer> ids = fed.idsPerEpoch.get(epoch);
            List<Integer> sizes = fed.batchSizes.get(epoch);
            int expected = epoch < 2 ? N : keptCount;
            assertThat(ids).as("examples fitted in epoch %d", epoch + 1).hasSize(expected).doesNotHaveDuplicates();
            if (epoch >= 2) {
                assertThat(kept).as("epoch %d feeds only kept examples", epoch + 1).containsAll(ids);
            }
            // re-batched: every batch but the last of the epoch is full
            assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(size -> size == BATCH);
        }
        assertThat(fed.idsPerEpoch.get(3)).isNotEqualTo(fed.idsPerEpoch.get(4));
    }

    @Test
    void multiLayerNetworkSwapsToTheHardestExamplesAfterEpochTwo() throws Exception {
        Examples examples = blobs(1);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 2);
        MultiLayerNetwork net = denseNet();
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        Path keepFile = dir.resolve("keep.csv");
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.3)
                .writeKeepSetTo(keepFile).build();
        Fed fed = new Fed(iterator.fittedBatchIds());
        net.setListeners(fed, pruner);

        net.fit(iterator, 5);

        assertSwapInsideOneFit(fed, pruner, 60);
        float[] scores = el2n.store().column("el2n").means();
        assertThat(pruner.decision().kept())
                .containsExactly(new PruningPolicy.Hardest().select(scores, examples.labels(), 3, 0.3));
        assertThat(KeepSet.read(keepFile, N)).containsExactly(pruner.decision().kept());
        assertThat(pruner.decision().keptPerClass()).hasSize(3);
        assertThat(Arrays.stream(pruner.decision().keptPerClass()).sum()).isEqualTo(60);
    }

    @Test
    void computationGraphPrunesByForgettingWithClassBalance() {
        Examples examples = blobs(4);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 5);
        ComputationGraph net = denseGraph();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(5).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, forgetting).atEpoch(2).keep(0.45)
                .policy(new PruningPolicy.ClassBalanced()).build();
        Fed fed = new Fed(iterator.fittedBatchIds());
        net.setListeners(fed, forgetting, pruner);

        net.fit(iterator, 5);

        assertSwapInsideOneFit(fed, pruner, 90);
        int[] perClass = pruner.decision().keptPerClass();
        assertThat(perClass).containsExactly(30, 30, 30);
    }

    @Test
    void pruningAtAnEpochTheScorerWasNotSetUpForGetsAColumnOfItsOwn() {
        Examples examples = blobs(8);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 9);
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        El2nListener el2n = El2nListener.builder(examples).atEpochs(4).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5).build();
        net.setListeners(el2n, pruner);

        net.fit(iterator, 4);

        assertThat(el2n.store().column("el2n_e2").runs()).isEqualTo(1);
        assertThat(el2n.store().column("el2n").runs()).isEqualTo(1);
    }

    @Test
    void aRestoredDecisionPrunesTheIteratorEvenWhenTheIteratorIsNotRestored() throws IOException {
        Examples examples = blobs(12);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 13);
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator,
                El2nListener.builder(examples).atEpochs(1).build()).atEpoch(1).keep(0.25).build();
        MultiLayerNetwork net = denseNet();
        // the iterator's saved position counts the batches whose ids a listener took, as a checkpoint does
        net.setListeners(new Fed(iterator.fittedBatchIds()), pruner);
        net.fit(iterator, 1);
        int[] kept = pruner.decision().kept();
        byte[] prunerState = stateOf(pruner);
        byte[] iteratorState = stateOf(iterator);

        ExampleIdIterator fresh = examples.shuffledIterator(BATCH, 13);
        EarlyPruningListener twin = EarlyPruningListener.builder(fresh,
                El2nListener.builder(examples).atEpochs(1).build()).atEpoch(1).keep(0.25).build();
        restore(twin, prunerState);

        assertThat(twin.decision().kept()).containsExactly(kept);
        assertThat(fresh.visiting()).containsExactly(kept);
        assertThat(idsOfPass(fresh)).hasSize(kept.length).containsExactlyInAnyOrder(Arrays.stream(kept).boxed()
                .toArray(Integer[]::new));
        fresh.reset();
        assertThat(idsOfPass(fresh)).hasSize(kept.length);

        // with the iterator restored too, in either order, the pass is the one the iterator alone continues with
        ExampleIdIterator alone = examples.shuffledIterator(BATCH, 13);
        restore(alone, iteratorState);
        List<Integer> expected = idsOfPass(alone);
        for (boolean iteratorFirst : new boolean[] {true, false}) {
            ExampleIdIterator both = examples.shuffledIterator(BATCH, 13);
            EarlyPruningListener pruned = EarlyPruningListener.builder(both,
                    El2nListener.builder(examples).atEpochs(1).build()).atEpoch(1).keep(0.25).build();
            restore(iteratorFirst ? both : pruned, iteratorFirst ? iteratorState : prunerState);
            restore(iteratorFirst ? pruned : both, iteratorFirst ? prunerState : iteratorState);
            assertThat(idsOfPass(both)).as("iterator restored first: %s", iteratorFirst).isEqualTo(expected);
        }
    }

    @Test
    void aScorerOfOtherExamplesThanTheIteratorsIsRefused() {
        Examples examples = blobs(14);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 15);
        El2nListener onTheFirstHundred = El2nListener.builder(examples.head(100)).atEpochs(2).build();

        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, onTheFirstHundred).atEpoch(2).keep(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the scoring listener scores 100 examples but the iterator visits 200: build the scorer"
                        + " on the iterator fit trains on (El2nListener.builder(iterator))");
        El2nListener onOtherExamples = El2nListener.builder(blobs(99)).atEpochs(2).build();
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, onOtherExamples).atEpoch(2).keep(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whose labels differ from the iterator's");
    }

    /** Fits {@code net}, whose only listener is a pruner by an unregistered forgetting listener, and expects a refusal. */
    private static void assertRefusedBeforeTheFirstBatch(Model net, Consumer<ExampleIdIterator> fit) {
        Examples examples = blobs(16);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 17);
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(2).build();
        net.setListeners(EarlyPruningListener.builder(iterator, forgetting).atEpoch(1).keep(0.5).build());
        INDArray before = net.params().dup();

        assertThatThrownBy(() -> fit.accept(iterator)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the pruner scores by forgetting events but its ForgettingListener is not registered on"
                        + " the model, so it would count none and keep the lowest ids: register it too, as in"
                        + " model.setListeners(forgetting, pruner)");
        assertThat(net.params()).isEqualTo(before);
        assertThat(BaseOptimizer.getIterationCount(net)).isZero();
    }

    @Test
    void pruningByAnUnregisteredForgettingListenerFailsBeforeTheFirstBatch() {
        MultiLayerNetwork net = denseNet();
        assertRefusedBeforeTheFirstBatch(net, iterator -> net.fit(iterator, 3));
        ComputationGraph graph = denseGraph();
        assertRefusedBeforeTheFirstBatch(graph, iterator -> graph.fit(iterator, 3));
    }

    @Test
    void aKeepSetSetBeforeTheFirstBatchAppliesAtOnce() {
        Examples examples = blobs(10);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 11);
        iterator.keepOnly(new int[] {5, 1, 9, 7, 3});
        int seen = 0;
        while (iterator.hasNext()) {
            seen += iterator.next().numExamples();
        }
        assertThat(seen).isEqualTo(5);
        assertThat(iterator.visiting()).containsExactly(1, 3, 5, 7, 9);
    }

    @Test
    void impossibleSettingsFailBeforeTrainingStarts() {
        Examples examples = blobs(6);
        ExampleIdIterator iterator = examples.shuffledIterator(BATCH, 7);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(2).build();
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0).build())
                .hasMessage("keep fraction must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(1.01).build())
                .hasMessage("keep fraction must be in (0, 1], got 1.01");
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.001).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("keep-set would be empty");
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(2).keep(0.5)
                .policy(new PruningPolicy.Window(0.6)).build()).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> EarlyPruningListener.builder(iterator, el2n).atEpoch(0).keep(0.5).build())
                .hasMessageContaining("t >= 1");
        assertThatThrownBy(() -> iterator.keepOnly(new int[0])).hasMessageContaining("keep-set is empty");
        assertThatThrownBy(() -> iterator.keepOnly(new int[] {3, 3})).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> iterator.keepOnly(new int[] {N})).hasMessageContaining("outside [0, 200)");
        assertThat(iterator.visiting()).hasSize(N);
    }

}
