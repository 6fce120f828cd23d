package org.datadiet4j.pruning;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.listeners.EpochScoringListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.resume.Resumable;
import org.datadiet4j.internal.state.StateIo;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic early pruning inside one {@code fit} call: at the end of epoch t it scores every example
 * with the given scoring listener, keeps a fraction with a {@link PruningPolicy}, and installs the
 * keep-set in the id-stamping iterator, which applies it when DL4J resets the iterator for the next
 * epoch. So {@code model.fit(iterator, E)} trains t epochs on all examples and E − t on the kept ones.
 *
 * <p>It logs one line per pruning ({@link PruningDecision#describe()}) and, when asked, writes the
 * keep-set file next to the score table. Scoring is done by the given listener ({@code scoreNow}, so
 * its column is recorded as usual); a {@code ForgettingListener} used as the score must also be
 * registered as a listener, since it counts during training: {@code fit} fails at the start of an epoch,
 * before its first batch, when it is not.
 *
 * <p>The decision saves with a model checkpoint ({@link Resumable}): a run resumed after the pruning
 * does not prune again, and restoring the decision installs its keep-set in the iterator again, so the
 * resumed run trains on the kept examples whether or not the iterator's own state was saved too.
 */
public final class EarlyPruningListener extends BaseTrainingListener implements Resumable {

    private static final Logger log = LoggerFactory.getLogger(EarlyPruningListener.class);

    private final ExampleIdIterator iterator;
    private final EpochScoringListener scorer;
    private final int epoch;
    private final double keepFraction;
    private final PruningPolicy policy;
    private final Path keepSetFile;
    private PruningDecision decision;

    private EarlyPruningListener(Builder builder) {
        this.iterator = builder.iterator;
        this.scorer = builder.scorer;
        this.epoch = builder.epoch;
        this.keepFraction = builder.keepFraction;
        this.policy = builder.policy;
        this.keepSetFile = builder.keepSetFile;
    }

    /** Prunes the examples of {@code iterator} (which {@code fit} trains on) by the scores of {@code scorer}. */
    public static Builder builder(ExampleIdIterator iterator, EpochScoringListener scorer) {
        return new Builder(iterator, scorer);
    }

    @Override
    public void onEpochStart(Model model) {
        iterator.fittedBatchIds().passStarting(model);
        if (decision == null && scorer instanceof ForgettingListener && !scorer.isRegisteredOn(model)) {
            // unregistered, it counts nothing: every score is +∞ and the ties keep ids 0 … k−1
            throw new IllegalStateException("the pruner scores by forgetting events but its ForgettingListener is not"
                    + " registered on the model, so it would count none and keep the lowest ids: register it too, as"
                    + " in model.setListeners(forgetting, pruner)");
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        int completed = NetworkView.of(model).epochCount() + 1;
        if (completed != epoch || decision != null) {
            return;
        }
        float[] scores = scorer.hardness(scorer.scoreNow(model, epoch));
        ExampleSource examples = iterator.examples();
        int[] labels = examples.labels();
        int[] kept = PruningPolicy.selectChecked(policy, scores, labels, examples.numClasses(), keepFraction);
        iterator.keepOnly(kept);
        decision = new PruningDecision(epoch, scorer.scoreName(), policy.describe(), keepFraction, kept,
                examples.size(), Quotas.perClass(kept, labels, examples.numClasses()));
        log.info(decision.describe());
        if (keepSetFile != null) {
            try {
                KeepSet.write(keepSetFile, kept, examples.size());
            } catch (IOException e) {
                throw new UncheckedIOException("writing the keep-set to " + keepSetFile + " failed", e);
            }
        }
    }

    /** The pruning done, or null before epoch t. */
    public PruningDecision decision() {
        return decision;
    }

    @Override
    public String stateKey() {
        return "pruning@" + epoch + "(" + scorer.scoreName() + "," + policy.describe() + ",keep=" + keepFraction + ")";
    }

    /** The iterator it prunes and the scorer it asks: they save and restore with it. */
    @Override
    public List<Resumable> resumableParts() {
        return List.of(iterator, scorer);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(decision != null);
        if (decision != null) {
            StateIo.writeInts(out, decision.kept());
            StateIo.writeInts(out, decision.keptPerClass());
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            decision = null;
            return;
        }
        int[] kept = StateIo.readInts(in);
        int[] perClass = StateIo.readInts(in);
        ExampleSource examples = iterator.examples();
        try {
            // the same keep-set as a restored iterator's, so restoring both, in either order, changes nothing
            iterator.keepOnly(kept);
        } catch (IllegalArgumentException e) {
            throw new IOException("the saved keep-set does not fit the iterator's " + examples.size() + " examples ("
                    + e.getMessage() + "): restore into a pruner over the same examples", e);
        }
        decision = new PruningDecision(epoch, scorer.scoreName(), policy.describe(), keepFraction, kept,
                examples.size(), perClass);
    }

    /** Options of an {@link EarlyPruningListener}. */
    public static final class Builder {
        private final ExampleIdIterator iterator;
        private final EpochScoringListener scorer;
        private int epoch = -1;
        private double keepFraction = Double.NaN;
        private PruningPolicy policy = new PruningPolicy.Hardest();
        private Path keepSetFile;

        private Builder(ExampleIdIterator iterator, EpochScoringListener scorer) {
            if (iterator == null || scorer == null) {
                throw new IllegalArgumentException("early pruning needs the iterator fit trains on and a scoring listener");
            }
            this.iterator = iterator;
            this.scorer = scorer;
        }

        /** Prune at the end of this epoch (1 or later). */
        public Builder atEpoch(int epoch) {
            this.epoch = epoch;
            return this;
        }

        /** Fraction of the examples to keep, in (0, 1]. */
        public Builder keep(double fraction) {
            this.keepFraction = fraction;
            return this;
        }

        /** How to choose them (default: {@link PruningPolicy.Hardest}). */
        public Builder policy(PruningPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Also write the keep-set here (atomically). */
        public Builder writeKeepSetTo(Path file) {
            this.keepSetFile = file;
            return this;
        }

        public EarlyPruningListener build() {
            if (epoch < 1) {
                throw new IllegalArgumentException("choose the epoch to prune at with atEpoch(t), t >= 1; got " + epoch
                        + " (to prune before training, call iterator.keepOnly(...) before fit; it applies at once)");
            }
            if (!(keepFraction > 0 && keepFraction <= 1)) {
                throw new IllegalArgumentException("keep fraction must be in (0, 1], got " + keepFraction);
            }
            if (policy == null) {
                throw new IllegalArgumentException("the pruning policy must not be null");
            }
            requireSameExamples(iterator, scorer);
            // a dry run on neutral scores finds what cannot work (an empty keep-set, a window past the
            // end, too few examples after dropping suspected noise) before training starts
            ExampleSource examples = iterator.examples();
            PruningPolicy.selectChecked(policy, new float[examples.size()], examples.labels(), examples.numClasses(),
                    keepFraction);
            return new EarlyPruningListener(this);
        }

        /**
         * Refuses a scorer of other examples than the iterator's (one built on the first 10 000 of 60 000,
         * say): its score of example i would be taken as the score of the iterator's example i. Compared by
         * number and by label.
         */
        private static void requireSameExamples(ExampleIdIterator iterator, EpochScoringListener scorer) {
            int scored = scorer.examples().size();
            int visited = iterator.examples().size();
            if (scored != visited) {
                throw new IllegalArgumentException("the scoring listener scores " + scored + " examples but the"
                        + " iterator visits " + visited + ": build the scorer on the iterator fit trains on"
                        + " (El2nListener.builder(iterator))");
            }
            if (scorer.examples() != iterator.examples()
                    && !java.util.Arrays.equals(scorer.examples().labels(), iterator.examples().labels())) {
                throw new IllegalArgumentException("the scoring listener scores " + scored + " examples whose labels"
                        + " differ from the iterator's: build the scorer on the iterator fit trains on"
                        + " (El2nListener.builder(iterator))");
            }
        }
    }
}
