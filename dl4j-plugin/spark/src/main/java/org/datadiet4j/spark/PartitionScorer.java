package org.datadiet4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.datadiet4j.internal.gradients.ExactGradientNorms;
import org.datadiet4j.internal.scoring.BatchScores;
import org.datadiet4j.internal.scoring.ScoringContext;
import org.datadiet4j.scores.ScoreColumn;
import org.datadiet4j.scores.ScoreStore;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Scores one partition of examples, batch by batch as the rows stream in: every batch through every run's
 * model, with the listeners' own per-batch functions ({@link BatchScores}: EL2N, exact GraNd) in the
 * model's {@link ScoringContext}; the runs of each example are averaged by a {@link ScoreStore}, the very
 * store {@code datadiet score} averages with (mean, and sample standard deviation from two runs on). One
 * output row per example: {@code id, label}, then each score's mean and, with two runs or more, its
 * {@code _std}.
 *
 * <p>Batches: {@link JobSettings#batchSize()} consecutive rows of the partition; or, given {@link AlignedBatches},
 * the rows of one block of ids (the partition holds whole blocks, in id order) scored in the batches
 * {@code datadiet score}'s listeners use: a batch's size changes the last bits of BLAS results, the same
 * batches give the same bits.
 *
 * <p>The models come from this executor's cache ({@link ExecutorModels}), borrowed for the task and given
 * back when it completes. Memory per task: one batch of features and a copy of the models.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<ExampleRow>, Row> {

    private final Broadcast<ModelBytes> models;
    private final JobSettings settings;
    private final AlignedBatches aligned;
    private final int width;
    private final int numClasses;
    private final LongAccumulator examplesScored;
    private final LongAccumulator scoringNanos;

    /** @param aligned the listeners' batches, or null to score in batches of {@link JobSettings#batchSize()} */
    PartitionScorer(Broadcast<ModelBytes> models, JobSettings settings, AlignedBatches aligned, int width,
                    int numClasses, LongAccumulator examplesScored, LongAccumulator scoringNanos) {
        this.models = models;
        this.settings = settings;
        this.aligned = aligned;
        this.width = width;
        this.numClasses = numClasses;
        this.examplesScored = examplesScored;
        this.scoringNanos = scoringNanos;
    }

    @Override
    public Iterator<Row> call(Iterator<ExampleRow> input) {
        LoadedModels loaded = ExecutorModels.borrow(models, settings.scores().contains("grand"),
                settings.grandLastLayer());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> ExecutorModels.giveBack(models, loaded));
        }
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;
            private ExampleRow pending;

            @Override
            public boolean hasNext() {
                if (next == ready.size() && (pending != null || input.hasNext())) {
                    ready.clear();
                    next = 0;
                    ready.addAll(score(loaded, nextBatch()));
                }
                return next < ready.size();
            }

            private List<ExampleRow> nextBatch() {
                List<ExampleRow> batch = new ArrayList<>();
                if (pending != null) {
                    batch.add(pending);
                    pending = null;
                }
                while (input.hasNext()) {
                    ExampleRow row = input.next();
                    if (batch.isEmpty() || (aligned != null ? sameBlock(batch.get(0), row)
                            : batch.size() < settings.batchSize())) {
                        batch.add(row);
                    } else {
                        pending = row;
                        break;
                    }
                }
                return batch;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private boolean sameBlock(ExampleRow first, ExampleRow row) {
        if (row.getId() < first.getId()) {
            throw new IllegalStateException("aligned batches need the rows of a partition in id order");
        }
        return row.getId() / aligned.block() == first.getId() / aligned.block();
    }

    /** The output rows of one batch. */
    List<Row> score(LoadedModels loaded, List<ExampleRow> rows) {
        long start = System.nanoTime();
        BatchInputs batch = BatchInputs.of(rows, width, settings.inputShape(), numClasses);
        ScoreStore store = new ScoreStore(batch.size());
        for (int r = 0; r < loaded.runs(); r++) {
            Model model = loaded.networks().get(r);
            DataType type = model.params().dataType();
            INDArray features = batch.features().castTo(type);
            INDArray labels = batch.oneHot().castTo(type);
            if (loaded.normalizers().get(r) != null) {
                features = features.dup();
                loaded.normalizers().get(r).transform(features);
            }
            ScoringContext context = ScoringContext.of(model);
            for (String score : settings.scores()) {
                store.record(score, score(context, score, loaded, r, features, labels));
            }
        }
        List<Row> out = new ArrayList<>(batch.size());
        boolean spread = loaded.runs() > 1;
        for (int i = 0; i < batch.size(); i++) {
            Object[] cells = new Object[2 + settings.scores().size() * (spread ? 2 : 1)];
            cells[0] = batch.ids()[i];
            cells[1] = batch.labels()[i];
            int c = 2;
            for (String score : settings.scores()) {
                ScoreColumn column = store.column(score);
                cells[c++] = column.mean(i);
                if (spread) {
                    cells[c++] = column.std(i);
                }
            }
            out.add(RowFactory.create(cells));
        }
        scoringNanos.add(System.nanoTime() - start);
        examplesScored.add(batch.size());
        return out;
    }

    /** One run's {@code score} of every row, in the chunks the batching asks for. */
    private float[] score(ScoringContext context, String score, LoadedModels loaded, int run, INDArray features,
                          INDArray labels) {
        int n = (int) features.size(0);
        int chunk = aligned == null ? n : aligned.batch(score, run);
        float[] values = new float[n];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            INDArray x = chunk >= n ? features : features.get(NDArrayIndex.interval(from, to));
            INDArray y = chunk >= n ? labels : labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            float[] part = context.run(() -> score.equals("el2n") ? BatchScores.el2n(context, x, y)
                    : grand(loaded, run, x, y));
            System.arraycopy(part, 0, values, from, part.length);
        }
        return values;
    }

    /**
     * GraNd of a chunk; when the closed forms turn the model down only as a batch runs (a preprocessor that
     * folds time steps into the batch), by per-example backpropagation from then on, as the listener does.
     */
    private static float[] grand(LoadedModels loaded, int run, INDArray features, INDArray labels) {
        try {
            return BatchScores.grand(loaded.grandPaths().get(run), features, labels);
        } catch (UnsupportedOperationException e) {
            if (!(loaded.grandPaths().get(run) instanceof ExactGradientNorms)) {
                throw e;
            }
            loaded.grandPaths().set(run, BatchScores.bruteForceBecause(loaded.networks().get(run), e));
            return BatchScores.grand(loaded.grandPaths().get(run), features, labels);
        }
    }
}
