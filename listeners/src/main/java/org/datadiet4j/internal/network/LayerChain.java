package org.datadiet4j.internal.network;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;

/**
 * A network seen as a chain of steps, input to output: each step an optional input
 * preprocessor followed by an optional layer. Every {@code MultiLayerNetwork} is a chain; a
 * {@code ComputationGraph} is one when it has one input, one output, and every vertex is a layer
 * or a preprocessor fed by the vertex before it ({@link NetworkView#chain()} says why when it is not).
 */
public record LayerChain(List<Step> steps) {

    /** One step: {@code preProcessor} (or null) applied to the input, then {@code layer} (or null). */
    public record Step(String name, InputPreProcessor preProcessor, Layer layer) {
    }

    public LayerChain {
        steps = List.copyOf(steps);
    }

    /** The last step: the output (or loss) layer. */
    public Step last() {
        return steps.get(steps.size() - 1);
    }
}
