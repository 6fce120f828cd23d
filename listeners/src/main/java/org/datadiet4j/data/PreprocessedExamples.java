package org.datadiet4j.data;

import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * In-memory examples seen through the preprocessor of the iterator that trains on them: each batch is
 * copied out of the examples and then preprocessed, as the iterator does for training, so the
 * examples themselves are never changed. The preprocessor is read at every pass (it may be set after
 * the listeners are built).
 */
final class PreprocessedExamples implements ExampleSource {

    private final Examples examples;
    private final Supplier<DataSetPreProcessor> preProcessor;

    PreprocessedExamples(Examples examples, Supplier<DataSetPreProcessor> preProcessor) {
        this.examples = examples;
        this.preProcessor = preProcessor;
    }

    @Override
    public int size() {
        return examples.size();
    }

    @Override
    public int numClasses() {
        return examples.numClasses();
    }

    @Override
    public int label(int id) {
        return examples.label(id);
    }

    @Override
    public int[] labels() {
        return examples.labels();
    }

    @Override
    public List<String> classNames() {
        return examples.classNames();
    }

    @Override
    public long[] exampleShape() {
        return examples.exampleShape();
    }

    @Override
    public void forEachBatch(int batchSize, BatchConsumer consumer) {
        DataSetPreProcessor pre = preProcessor.get();
        if (pre == null) {
            examples.forEachBatch(batchSize, consumer);
            return;
        }
        examples.forEachBatch(batchSize, (ids, batch) -> {
            DataSet copy = new DataSet(batch.getFeatures().dup(), batch.getLabels().dup());
            pre.preProcess(copy);
            consumer.accept(ids, copy);
        });
    }

    @Override
    public DataSet gather(int[] ids) {
        DataSet batch = examples.gather(ids);
        DataSetPreProcessor pre = preProcessor.get();
        if (pre != null) {
            pre.preProcess(batch);
        }
        return batch;
    }
}
