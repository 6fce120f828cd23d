package org.datadiet4j.internal.gradients;

import java.util.List;
import org.datadiet4j.internal.network.LayerGraph;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;

/**
 * Finds input preprocessors that would fold the time steps of a sequence into the batch. DL4J applies a
 * feed-forward or convolution layer to each step of a sequence [batch, size, steps] by reshaping it to
 * batch·steps rows ({@code RnnToFeedForwardPreProcessor}, {@code RnnToCnnPreProcessor}): those rows are not
 * examples, and an example's gradient is then a sum over its steps, not the closed forms here. DL4J also
 * puts such a preprocessor where the activations have no steps left (after global pooling, which it types
 * as a sequence), where it leaves one row per example: so a node is refused only when its input may hold
 * steps, judged from the graph: the network's input may, an embedding of sequences does, global pooling
 * does not, and element-wise layers and vertices keep what they get.
 */
final class TimeStepFolding {

    private TimeStepFolding() {
    }

    /**
     * @throws UnsupportedOperationException naming the first node whose preprocessor folds steps into the batch
     */
    static void check(LayerGraph graph, List<LayerKind> kinds) {
        List<LayerGraph.Node> nodes = graph.nodes();
        boolean[] steps = new boolean[nodes.size()];
        for (int k = 0; k < nodes.size(); k++) {
            LayerGraph.Node node = nodes.get(k);
            boolean input = false;
            for (int j = 0; j < node.inputCount(); j++) {
                input |= node.input(j) == LayerGraph.NETWORK_INPUT || steps[node.input(j)];
            }
            if (input && folds(node.preProcessor())) {
                throw new UnsupportedOperationException(node.name() + "'s input preprocessor "
                        + node.preProcessor().getClass().getSimpleName() + " folds the time steps of a sequence into"
                        + " the batch, which has no closed form here");
            }
            steps[k] = node.layer() == null ? input : keepsSteps(kinds.get(k), node, input);
        }
    }

    private static boolean keepsSteps(LayerKind kind, LayerGraph.Node node, boolean input) {
        return switch (kind) {
            case EMBEDDING -> node.layer().conf().getLayer()
                    instanceof org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
            case ACTIVATION, DROPOUT, PRELU, BATCH_NORM -> input;
            case PARAMETER_FREE -> input
                    && !(node.layer() instanceof org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer);
            default -> false;
        };
    }

    private static boolean folds(InputPreProcessor preProcessor) {
        if (preProcessor instanceof ComposableInputPreProcessor composable) {
            for (InputPreProcessor part : composable.getInputPreProcessors()) {
                if (folds(part)) {
                    return true;
                }
            }
            return false;
        }
        return preProcessor instanceof RnnToFeedForwardPreProcessor || preProcessor instanceof RnnToCnnPreProcessor;
    }
}
