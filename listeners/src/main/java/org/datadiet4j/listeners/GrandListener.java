package org.datadiet4j.listeners;

import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.sampling.RandomIds;
import org.datadiet4j.internal.gradients.BruteForceGradientNorms;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.internal.gradients.GradientNorms;
import org.datadiet4j.internal.gradients.GrandVerification;
import org.datadiet4j.internal.gradients.LastLayerGradientNorms;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.BatchScores;
import org.datadiet4j.internal.scoring.BatchSizing;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every training example with GraNd (Paul et al., NeurIPS 2021, §2): the norm of the
 * gradient of the example's loss over all parameters, ‖∇_w ℓ(x_i, y_i)‖₂, at the chosen epochs;
 * at initialisation ({@link Builder#atInit()}) averaged over the independent inits that share a
 * store. Column {@code grand}; see {@link EpochScoringListener} for when and where scores go.
 *
 * <p>Computed in inference mode (dropout off, batch norm on its running statistics, as the
 * paper's code does), with the model's own loss and without regularisation terms, exactly, from
 * one batched forward and backward pass per batch ({@link ExactGradientNorms}). A model with a layer
 * the closed forms do not cover falls back, with one log line, to per-example backpropagation
 * ({@link BruteForceGradientNorms}): exact too, and much slower. In {@link Mode#LAST_LAYER} only
 * the output layer's parameters count ({@link LastLayerGradientNorms}).
 *
 * <p>Like every scoring pass it only reads the model, so training is unchanged.
 */
public final class GrandListener extends EpochScoringListener {

    private static final Logger log = LoggerFactory.getLogger(GrandListener.class);

    /** Which parameters the gradient norm covers. */
    public enum Mode {
        /** All parameters (the paper's GraNd). */
        EXACT,
        /** The output layer's weights and bias only. */
        LAST_LAYER
    }

    private final Mode mode;
    private final boolean batchSizeSet;
    private final long memoryBudget;
    private GradientNorms norms;
    private boolean bruteForce;
    private BatchSizing.Choice sizing;

    private GrandListener(Builder builder) {
        super("grand", builder);
        this.mode = builder.mode;
        this.batchSizeSet = builder.batchSizeSet();
        this.memoryBudget = builder.memoryBudget;
    }

    /** Starts a listener that scores the examples of the iterator {@code fit} trains on, as training sees them. */
    public static Builder builder(ExampleIdIterator trainingIterator) {
        return new Builder(trainingIterator);
    }

    /** Starts a listener that scores these examples as the source gives them. */
    public static Builder builder(ExampleSource examples) {
        return new Builder(examples);
    }

    @Override
    protected void checkModel(Model model) {
        ScorableModel.requireClassProbabilities(NetworkView.of(model));
        norms = pathFor(model);
    }

    private GradientNorms pathFor(Model model) {
        sizing = null;
        GradientNorms path = BatchScores.grandPath(model, mode == Mode.LAST_LAYER);
        bruteForce = path instanceof BruteForceGradientNorms;
        return path;
    }

    private GradientNorms bruteForceBecause(Model model, UnsupportedOperationException reason) {
        bruteForce = true;
        sizing = null;
        return BatchScores.bruteForceBecause(model, reason);
    }

    /**
     * Checks the fast path on this model: GraNd of {@code sampleSize} randomly drawn examples
     * (seeded) against per-example backpropagation through DL4J.
     */
    public GrandVerification.Result verify(Model model, int sampleSize, long seed) {
        if (norms == null) {
            checkModel(model);
        }
        DataSet sample = ScoringContext.of(model).gather(examples, RandomIds.sample(examples.size(), sampleSize, seed));
        return GrandVerification.run(model, norms, mode == Mode.LAST_LAYER, sample.getFeatures(), sample.getLabels());
    }

    /**
     * Examples per batch of the scoring pass: the one set on the builder; else, on the exact fast path,
     * as many as keep the pass's intermediate arrays within the memory budget (measured once on two
     * small batches, between 16 and 4096); else, in {@link Mode#LAST_LAYER}, an inference pass, as many
     * as EL2N's 4096 or fewer if the activations the pass holds at once would exceed the budget (counted
     * once on a probe of two examples); else (per-example backpropagation) 256.
     */
    public int scoringBatchSize() {
        if (batchSizeSet || bruteForce || norms == null) {
            return batchSize;
        }
        if (sizing == null && norms instanceof LastLayerGradientNorms lastLayer) {
            long perExample = Math.max(1, lastLayer.heldBytesPerExample(zeros(2)));
            int size = (int) Math.max(16, Math.min(El2nListener.DEFAULT_BATCH_SIZE, memoryBudget / perExample));
            sizing = new BatchSizing.Choice(size, perExample, 0);
            log.info("GraNd (last layer): scoring batch {} examples ({} bytes of activations per example; budget {} MB)",
                    size, perExample, memoryBudget >> 20);
        }
        if (sizing == null) {
            int classes = examples.numClasses();
            sizing = BatchSizing.fitting(memoryBudget, 16, 4096, size -> {
                INDArray labels = Nd4j.zeros(DataType.FLOAT, size, classes);
                labels.getColumn(0).assign(1);
                norms.squaredNorms(zeros(size), labels);
            });
            log.info("GraNd: scoring batch {} examples ({} KB of intermediate arrays per example, {} KB fixed;"
                    + " budget {} MB)", sizing.batchSize(), sizing.bytesPerExample() / 1024, sizing.fixedBytes() / 1024,
                    memoryBudget >> 20);
        }
        return sizing.batchSize();
    }

    /** Features of {@code size} examples of the source's shape, all zero. */
    private INDArray zeros(int size) {
        long[] shape = examples.exampleShape();
        long[] batchShape = new long[shape.length + 1];
        batchShape[0] = size;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        return Nd4j.zeros(DataType.FLOAT, batchShape);
    }

    /** True when the model needed the brute-force path. */
    public boolean usesBruteForce() {
        return bruteForce;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public float[] scoreAll(Model model) {
        if (norms == null) {
            checkModel(model);
        }
        try {
            return scoreEach(model);
        } catch (UnsupportedOperationException e) {
            if (bruteForce || mode != Mode.EXACT) {
                throw e;
            }
            // the fast path found what it does not cover only when a batch ran (a preprocessor of the
            // user's own that folds time steps into the batch): score again, every example by brute force
            norms = bruteForceBecause(model, e);
            return scoreEach(model);
        }
    }

    private float[] scoreEach(Model model) {
        float[] scores = new float[examples.size()];
        ScoringContext.of(model).forEachBatch(examples, scoringBatchSize(), (ids, batch) -> {
            float[] batchScores = BatchScores.grand(norms, batch.getFeatures(), batch.getLabels());
            for (int row = 0; row < ids.length; row++) {
                scores[ids[row]] = batchScores[row];
            }
        });
        return scores;
    }

    /**
     * Options of a {@link GrandListener}. Unless {@link #batchSize} is set, the exact pass chooses its
     * batch from the memory budget (default 512 MB), the last-layer pass in batches of up to 4096 as EL2N
     * does, fewer when the activations it holds would exceed the budget, and per-example backpropagation
     * in batches of 256.
     */
    public static final class Builder extends EpochScoringListener.Builder<Builder> {
        private Mode mode = Mode.EXACT;
        private long memoryBudget = 512L << 20;

        private Builder(ExampleSource examples) {
            super(examples, 256);
        }

        private Builder(ExampleIdIterator trainingIterator) {
            super(trainingIterator, 256);
        }

        /** {@link Mode#EXACT} (default) or {@link Mode#LAST_LAYER}. */
        public Builder mode(Mode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("GraNd mode must not be null: use EXACT or LAST_LAYER");
            }
            this.mode = mode;
            return this;
        }

        /**
         * Bytes the pass's intermediate arrays (exact) or held activations (last layer) may take per batch
         * when it chooses its own batch size (default 512 MB; the network, its parameters and the data are
         * not counted).
         */
        public Builder memoryBudget(long bytes) {
            if (bytes < 1 << 20) {
                throw new IllegalArgumentException("GraNd memory budget must be at least 1 MB, got " + bytes
                        + " bytes");
            }
            this.memoryBudget = bytes;
            return this;
        }

        public GrandListener build() {
            validate(0);
            return new GrandListener(this);
        }
    }
}
