package org.datadiet4j.listeners;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.datadiet4j.resume.Resumable;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A listener that scores every example at chosen epochs: "at epoch e" means after e complete
 * epochs (epoch 0: at initialisation, before the first batch). The pass runs at the end of the
 * epoch, after the last parameter update, and records one value per example into a
 * {@link ScoreStore} column named {@code <score>} when one epoch is chosen and
 * {@code <score>_e<epoch>} per epoch otherwise. Share the store between the listeners of several
 * independent runs to average over them.
 *
 * <p>The examples come from an {@link ExampleSource}: build the listener from the iterator {@code fit}
 * trains on ({@link ExampleIdIterator}) and the pass reads the examples as training sees them, through
 * the iterator's preprocessor (a normaliser), streamed when the iterator wraps a user's own. Given
 * in-memory {@link Examples} directly, it scores their rows as they are, and refuses to start when an
 * iterator over them normalises its training batches.
 *
 * <p>Every pass runs in inference mode, outside training's workspaces, and puts ND4J's random state and
 * the model's current input back afterwards, even when it fails: training is unchanged by it.
 *
 * <p>Scoring happens in {@code onEpochStart}/{@code onEpochEnd}, which DL4J calls only from
 * {@code fit(iterator, epochs)}: a listener that sees a training iteration outside an epoch (a
 * per-batch loop, {@code model.fit(dataSet)}) fails there instead of silently scoring nothing.
 *
 * <p>Its state (the last pass and its scores, pass counts) saves with a model checkpoint
 * ({@link Resumable}; its store and iterator save as parts of their own, found through it).
 */
public abstract class EpochScoringListener extends BaseTrainingListener implements Resumable {

    protected final ExampleSource examples;
    private final ExampleIdIterator trainingIterator;
    protected final int batchSize;
    private final String scoreName;
    private final ScoringEpochs epochs;
    private final ScoreStore store;
    private final PassRecord record;
    private boolean modelChecked;
    private boolean inEpoch;
    private Model scoredModel;

    protected EpochScoringListener(String scoreName, Builder<?> builder) {
        this.scoreName = scoreName;
        this.examples = builder.examples;
        this.trainingIterator = builder.trainingIterator;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.store = builder.store != null ? builder.store : new ScoreStore(examples.size());
        this.record = new PassRecord(scoreName, examples.size());
    }

    /** Fails fast, before training starts, when the model cannot be scored. */
    protected abstract void checkModel(Model model);

    /** The score of every example under the model's current parameters, by example id. */
    public abstract float[] scoreAll(Model model);

    @Override
    public void onEpochStart(Model model) {
        inEpoch = true;
        if (trainingIterator != null) {
            trainingIterator.fittedBatchIds().passStarting(model);
        }
        adopt(model);
        if (NetworkView.of(model).epochCount() == 0 && wants(0)) {
            scoreNow(model, 0);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!inEpoch) {
            throw new IllegalStateException(scoreName + " listener: the model trained a batch outside an epoch"
                    + " (model.fit(dataSet) in a loop of your own), where DL4J calls no epoch callbacks, so nothing"
                    + " would ever be scored: train with model.fit(iterator, epochs), or call scoreNow(model, epoch)"
                    + " yourself without registering the listener");
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        inEpoch = false;
        int completed = NetworkView.of(model).epochCount() + 1;
        if (wants(completed)) {
            scoreNow(model, completed);
        }
    }

    private boolean wants(int epoch) {
        return epoch != record.lastScoredEpoch() && epochs.contains(epoch);
    }

    /**
     * Scores every example now, records the result as the column of {@code epoch} and returns it
     * (index = example id); for scoring outside {@code fit}, such as at initialisation without
     * training, and for controllers that act on the scores. A second call for the same epoch
     * returns the same scores without scoring or recording again.
     */
    public float[] scoreNow(Model model, int epoch) {
        adopt(model);
        if (epoch == record.lastScoredEpoch()) {
            // scored already at this epoch (by this listener or a controller using it): once per epoch
            return record.lastScores().clone();
        }
        long start = System.nanoTime();
        float[] scores = ScoringContext.of(model).run(() -> scoreAll(model));
        record.record(epoch, scores, (System.nanoTime() - start) / 1e9, infinityIsAScore());
        store.record(columnName(epoch), scores);
        recordMoreColumns(store, epoch);
        return scores;
    }

    /**
     * Follows {@code model}, checking once that it can score these examples. A listener reused on
     * another model (the next run) starts afresh for it; a restored listener keeps its state for the
     * first model it meets (the one loaded from the checkpoint).
     */
    private void adopt(Model model) {
        if (model != scoredModel) {
            if (scoredModel != null) {
                record.forgetLastEpoch();
            }
            scoredModel = model;
            modelChecked = false;
        }
        if (!modelChecked) {
            ScorableModel.requireTrainingInputs(scoreName, examples);
            ScorableModel.requireFits(ScoringContext.of(model), examples);
            checkModel(model);
            modelChecked = true;
        }
    }

    /**
     * The scores ordered so that higher is harder, as pruning policies rank them: the scores themselves
     * by default; negated for a score whose low end is the hard one (AUM).
     */
    public float[] hardness(float[] scores) {
        return scores;
    }

    /** True when +∞ is a meaningful score (never learned), false when it means the outputs overflowed. */
    protected boolean infinityIsAScore() {
        return false;
    }

    /** The examples this listener scores, as it reads them. */
    public ExampleSource examples() {
        return examples;
    }

    /** True when this listener itself is registered on {@code model} (a MultiLayerNetwork or ComputationGraph). */
    public boolean isRegisteredOn(Model model) {
        return NetworkView.of(model).listeners().stream().anyMatch(each -> each == this);
    }

    /** The name of the score ({@code el2n}, {@code grand}, {@code forgetting}). */
    public String scoreName() {
        return scoreName;
    }

    /** Records columns besides the score itself, named with {@link #columnName(String, int)}; none by default. */
    protected void recordMoreColumns(ScoreStore store, int epoch) {
    }

    /** The store column that holds the scores of {@code epoch}. */
    public String columnName(int epoch) {
        return columnName(scoreName, epoch);
    }

    /**
     * {@code base} when one epoch is chosen and it is {@code epoch}; {@code base_e<epoch>} otherwise
     * (several epochs, or a pass at an epoch that was not chosen, such as one a pruning controller
     * asked for), so scores of different epochs never share a column.
     */
    protected String columnName(String base, int epoch) {
        return epochs.columnName(base, epoch);
    }

    public ScoreStore store() {
        return store;
    }

    /** Scoring passes done so far. */
    public int passes() {
        return record.passes();
    }

    /** Wall time of all scoring passes so far, in seconds. */
    public double totalPassSeconds() {
        return record.totalPassSeconds();
    }

    /** Epoch of the last scoring pass, -1 before the first. */
    public int lastScoredEpoch() {
        return record.lastScoredEpoch();
    }

    /** The scores of the last pass (index = example id; the array is shared: do not modify), null before it. */
    public float[] lastScores() {
        return record.lastScores();
    }

    /** Wall time of the last scoring pass in seconds (NaN before the first). */
    public double lastPassSeconds() {
        return record.lastPassSeconds();
    }

    @Override
    public String stateKey() {
        return scoreName + "@" + epochs;
    }

    /** The iterator it follows (if built on one) and its store: they save and restore with it. */
    @Override
    public List<Resumable> resumableParts() {
        return trainingIterator == null ? List.of(store) : List.of(trainingIterator, store);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        record.writeState(out);
        writeMoreState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        record.readState(in, this::readMoreState);
        scoredModel = null;
        modelChecked = false;
    }

    /** Writes state besides the last pass; none by default. */
    protected void writeMoreState(DataOutput out) throws IOException {
    }

    /** Reads what {@link #writeMoreState} wrote. */
    protected void readMoreState(DataInput in) throws IOException {
    }

    /** Options every scoring listener has. */
    public abstract static class Builder<B extends Builder<B>> {
        private final ExampleSource examples;
        private final ExampleIdIterator trainingIterator;
        private int[] chosenEpochs;
        private ScoringEpochs epochs;
        private int batchSize;
        private boolean batchSizeSet;
        private ScoreStore store;

        protected Builder(ExampleSource examples, int defaultBatchSize) {
            this(examples, null, defaultBatchSize);
        }

        /** Scores the examples of the iterator {@code fit} trains on, as training sees them. */
        protected Builder(ExampleIdIterator trainingIterator, int defaultBatchSize) {
            this(trainingIterator == null ? null : trainingIterator.examples(), trainingIterator, defaultBatchSize);
        }

        private Builder(ExampleSource examples, ExampleIdIterator trainingIterator, int defaultBatchSize) {
            if (examples == null) {
                throw new IllegalArgumentException("examples to score must not be null");
            }
            this.examples = examples;
            this.trainingIterator = trainingIterator;
            this.batchSize = defaultBatchSize;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Epochs after which to score (0 = at initialisation); at least one, none negative. */
        public B atEpochs(int... epochs) {
            this.chosenEpochs = epochs.clone();
            return self();
        }

        /** Scores at initialisation only: {@code atEpochs(0)}. */
        public B atInit() {
            return atEpochs(0);
        }

        /** Examples per batch of the scoring pass. */
        public B batchSize(int batchSize) {
            this.batchSize = batchSize;
            this.batchSizeSet = true;
            return self();
        }

        /** The iterator {@code fit} trains on, when built on one (else null). */
        ExampleIdIterator fittedIterator() {
            return trainingIterator;
        }

        /** True when {@link #batchSize} was called. */
        protected boolean batchSizeSet() {
            return batchSizeSet;
        }

        /** The store to record into; share one between runs to average over them. */
        public B store(ScoreStore store) {
            this.store = store;
            return self();
        }

        /** Checks the options common to all scoring listeners; {@code firstEpoch} is the earliest allowed. */
        protected void validate(int firstEpoch) {
            ScoringEpochs checked = ScoringEpochs.of(chosenEpochs, firstEpoch);
            if (batchSize < 1) {
                throw new IllegalArgumentException("scoring batch size must be at least 1, got " + batchSize);
            }
            if (store != null && store.size() != examples.size()) {
                throw new IllegalArgumentException("the store holds " + store.size() + " examples but "
                        + examples.size() + " are to be scored");
            }
            epochs = checked;
        }
    }
}
