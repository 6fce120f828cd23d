package org.datadiet4j.listeners;

import java.util.Arrays;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks, before training, that a model can be scored on the examples given, as training sees
 * them: each fails naming the fix.
 */
final class ScorableModel {

    private ScorableModel() {
    }

    /**
     * Fails when {@code examples} are raw in-memory examples whose training iterator normalises its
     * batches: the scores would be of inputs the model never sees.
     */
    static void requireTrainingInputs(String scoreName, ExampleSource examples) {
        if (examples instanceof Examples raw && raw.iteratorPreProcessor() != null) {
            throw new IllegalStateException(scoreName + " listener scores the raw examples, but the iterator over"
                    + " them applies " + raw.iteratorPreProcessor().getClass().getSimpleName() + " to training"
                    + " batches, so the scores would be of inputs the model never sees: build the listener from"
                    + " that iterator (builder(iterator)) to score the examples as training sees them");
        }
    }

    /**
     * Fails unless the model ends in one output layer whose activation is softmax (probabilities)
     * or identity (logits, to which softmax is applied).
     */
    static void requireClassProbabilities(NetworkView network) {
        IActivation activation = network.outputActivation();
        if (!(activation instanceof ActivationSoftmax) && !(activation instanceof ActivationIdentity)) {
            throw new IllegalStateException("scores need class probabilities, but the output layer's activation is "
                    + activation + ": use a softmax output layer (or identity logits)");
        }
    }

    /**
     * Fails, naming the mismatch, unless the model takes these examples' features and has one output
     * per class: one inference pass over the first example, in the scoring context.
     */
    static void requireFits(ScoringContext context, ExampleSource examples) {
        INDArray features = context.run(() -> examples.firstExample().getFeatures());
        INDArray output;
        try {
            output = context.run(() -> context.network().probabilities(features));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model cannot take these examples, whose features have shape "
                    + Arrays.toString(examples.exampleShape()) + " per example: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (output.rank() != 2 || output.size(1) != examples.numClasses()) {
            throw new IllegalArgumentException("the model has " + (output.rank() == 2 ? output.size(1) : "non-2D")
                    + " outputs but the examples have " + examples.numClasses() + " classes: give the output layer"
                    + " nOut(" + examples.numClasses() + ") or label the examples with that many classes");
        }
    }
}
