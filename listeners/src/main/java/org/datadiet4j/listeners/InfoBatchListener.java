package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.state.StateIo;
import org.datadiet4j.pruning.InfoBatchRule;
import org.datadiet4j.resume.Resumable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic pruning with InfoBatch (Qin et al., ICLR 2024) inside one {@code fit(iterator, E)} call: each
 * example's loss at its last presentation is read from the training forward pass (no extra pass: the
 * output layer's logits as training computed them, {@link FittedLogits}, through the model's own loss
 * function, {@code ILossFunction.computeScoreArray}); at the end of every epoch {@link InfoBatchRule}
 * drops, for the next epoch, a fraction r of the examples whose loss is below the mean and gives the
 * kept ones among them weight 1/(1 − r); the last (1 − δ) of the E epochs use every example.
 *
 * <p>The dropped examples leave the id-stamping iterator's next pass ({@code keepOnly}, installed at
 * {@code onEpochEnd}, applied at DL4J's reset). The weights are exact: at its first epoch the listener
 * wraps the output layer's loss in a {@link WeightedLoss} (in place, in the model's configuration, so a
 * checkpoint carries the wrapper; a loaded wrapper is reused) and hands it the weights of the rows of
 * each batch being fitted. With r = 0 nothing is dropped, every weight is 1 and training is bit for bit
 * that without the listener. Per-example losses are those of the training-mode pass (with whatever
 * dropout training drew) and ignore label masks (rows of [batch, classes] only).
 *
 * <p>Its state (last losses, current weights, counts) saves with a model checkpoint ({@link Resumable});
 * restoring it installs the current epoch's keep-set in the iterator again.
 */
public final class InfoBatchListener extends BaseTrainingListener implements Resumable {

    private static final Logger log = LoggerFactory.getLogger(InfoBatchListener.class);

    private final ExampleIdIterator iterator;
    private final ExampleSource examples;
    private final InfoBatchRule rule;
    private final FittedLogits logits;
    private final float[] losses;
    private double[] weights;
    private WeightedLoss loss;
    private Model model;
    private boolean inEpoch;
    private int lastEpochFitted;
    private long examplesFitted;
    private long examplesSkipped;

    private InfoBatchListener(Builder builder) {
        this.iterator = builder.iterator;
        this.examples = iterator.examples();
        this.rule = new InfoBatchRule(builder.pruneRatio, builder.anneal, builder.epochs, builder.seed);
        this.logits = FittedLogits.sharedBy(iterator.fittedBatchIds());
        this.losses = new float[examples.size()];
        Arrays.fill(losses, Float.NaN);
        this.weights = allOnes(examples.size());
    }

    /** Prunes the examples of {@code iterator}, which {@code fit} must train on. */
    public static Builder builder(ExampleIdIterator iterator) {
        return new Builder(iterator);
    }

    private static double[] allOnes(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    @Override
    public void onEpochStart(Model model) {
        iterator.fittedBatchIds().passStarting(model);
        if (model != this.model) {
            logits.adopt(model, "InfoBatch");
            loss = weightedLossOf(model);
            this.model = model;
        }
        inEpoch = true;
    }

    /** The output layer's loss as a {@link WeightedLoss}: the one a loaded model carries, or a new wrapper. */
    private WeightedLoss weightedLossOf(Model model) {
        BaseOutputLayer conf = (BaseOutputLayer) logits.outputLayer().conf().getLayer();
        ILossFunction current = conf.getLossFn();
        if (current instanceof WeightedLoss weighted) {
            return weighted;
        }
        WeightedLoss wrapper = new WeightedLoss(current);
        conf.setLossFn(wrapper);
        log.info("InfoBatch weights the examples of the output layer's loss: {} wraps {}", wrapper.name(),
                current.name());
        return wrapper;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (inEpoch) {
            presented(logits.of(model, activations));
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (inEpoch) {
            presented(logits.of(model, activations));
        }
    }

    private void presented(int[] ids) {
        int classes = examples.numClasses();
        double[] rowWeights = new double[ids.length];
        float[] perRow;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray z = logits.logits();
            INDArray labels = Nd4j.zeros(z.dataType(), ids.length, classes);
            for (int r = 0; r < ids.length; r++) {
                labels.putScalar(r, examples.label(ids[r]), 1.0);
            }
            perRow = loss.inner().computeScoreArray(labels, z, logits.network().outputActivation(), null)
                    .toFloatVector();
        }
        for (int r = 0; r < ids.length; r++) {
            losses[ids[r]] = perRow[r];
            rowWeights[r] = weights[ids[r]];
            if (rowWeights[r] == 0) {
                throw new IllegalStateException("example " + ids[r] + " was dropped for this epoch but is being fitted:"
                        + " train with model.fit(iterator, epochs) on the iterator given to InfoBatch, and do not"
                        + " call keepOnly on it yourself");
            }
        }
        loss.weighRows(rowWeights);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (loss != null) {
            loss.clearRows();
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        inEpoch = false;
        loss.clearRows();
        // the pass's examples, all fitted by now (a pass resumed in its middle included)
        int fittedThisEpoch = iterator.visitingCount();
        lastEpochFitted = fittedThisEpoch;
        examplesFitted += fittedThisEpoch;
        examplesSkipped += examples.size() - fittedThisEpoch;
        int next = logits.network().epochCount() + 1;
        weights = rule.weights(losses, next);
        int[] kept = keptIds(weights);
        iterator.keepOnly(kept.length == weights.length ? null : kept);
        if (rule.prunes(next)) {
            log.info("InfoBatch: epoch {} fitted {} examples; epoch {} drops {} of {} (loss below the mean, r = {})",
                    next, fittedThisEpoch, next + 1, weights.length - kept.length, weights.length, rule.pruneRatio());
        }
    }

    private static int[] keptIds(double[] weights) {
        int[] kept = new int[weights.length];
        int count = 0;
        for (int id = 0; id < weights.length; id++) {
            if (weights[id] > 0) {
                kept[count++] = id;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** Each example's loss at its last presentation (NaN before it); a copy. */
    public float[] losses() {
        return losses.clone();
    }

    /** Each example's weight in the current epoch (0: dropped); a copy. */
    public double[] weights() {
        return weights.clone();
    }

    /** The rule it follows. */
    public InfoBatchRule rule() {
        return rule;
    }

    /** Examples fitted in the last completed epoch. */
    public int lastEpochFitted() {
        return lastEpochFitted;
    }

    /** Examples dropped from the current (or next) epoch. */
    public int droppedNow() {
        return (int) Arrays.stream(weights).filter(w -> w == 0).count();
    }

    /** Example presentations fitted so far over completed epochs. */
    public long examplesFitted() {
        return examplesFitted;
    }

    /** Example presentations saved so far over completed epochs (N per epoch minus those fitted). */
    public long examplesSkipped() {
        return examplesSkipped;
    }

    @Override
    public String stateKey() {
        return rule.toString();
    }

    /** The iterator it prunes: it saves and restores with it. */
    @Override
    public List<Resumable> resumableParts() {
        return List.of(iterator);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StateIo.writeFloats(out, losses);
        StateIo.writeDoubles(out, weights);
        out.writeInt(lastEpochFitted);
        out.writeLong(examplesFitted);
        out.writeLong(examplesSkipped);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        float[] savedLosses = StateIo.readFloats(in);
        double[] savedWeights = StateIo.readDoubles(in);
        StateIo.requireLength("InfoBatch losses", losses.length, savedLosses.length);
        StateIo.requireLength("InfoBatch weights", losses.length, savedWeights.length);
        System.arraycopy(savedLosses, 0, losses, 0, losses.length);
        weights = savedWeights;
        lastEpochFitted = in.readInt();
        examplesFitted = in.readLong();
        examplesSkipped = in.readLong();
        int[] kept = keptIds(weights);
        // the same keep-set as a restored iterator's, so restoring both, in either order, changes nothing
        iterator.keepOnly(kept.length == weights.length ? null : kept);
        model = null;
    }

    /** Options of an {@link InfoBatchListener}: the epochs E of training are required. */
    public static final class Builder {
        private final ExampleIdIterator iterator;
        private double pruneRatio = 0.5;
        private double anneal = 0.875;
        private int epochs = -1;
        private long seed;

        private Builder(ExampleIdIterator iterator) {
            if (iterator == null) {
                throw new IllegalArgumentException("the id-stamping iterator that fit trains on must not be null");
            }
            this.iterator = iterator;
        }

        /** r: the fraction of the well-learned examples dropped each epoch, in [0, 1) (default 0.5). */
        public Builder pruneRatio(double r) {
            this.pruneRatio = r;
            return this;
        }

        /** δ: epochs e ≥ δ·E (0-based) use every example, in [0, 1] (default 0.875). */
        public Builder anneal(double delta) {
            this.anneal = delta;
            return this;
        }

        /** E, the epochs the model will be trained for in all (required). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Seed of the random drops (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public InfoBatchListener build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("give InfoBatch the number of training epochs with epochs(E), E >= 1;"
                        + " got " + epochs);
            }
            return new InfoBatchListener(this);
        }
    }
}
