package org.datadiet4j.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Collects a few examples by id from the batches of a pass, into one batch in the order asked for. */
final class Gathered {

    private final int[] ids;
    private final Map<Integer, Integer> slotOfId = new HashMap<>();
    private final INDArray[] features;
    private final INDArray[] labels;
    private int found;

    Gathered(int[] ids, int size) {
        this.ids = ids.clone();
        for (int slot = 0; slot < ids.length; slot++) {
            if (ids[slot] < 0 || ids[slot] >= size) {
                throw new IllegalArgumentException("example id " + ids[slot] + " is outside [0, " + size + ")");
            }
            if (slotOfId.put(ids[slot], slot) != null) {
                throw new IllegalArgumentException("example id " + ids[slot] + " is asked for twice");
            }
        }
        this.features = new INDArray[ids.length];
        this.labels = new INDArray[ids.length];
    }

    boolean complete() {
        return found == ids.length;
    }

    void collect(int[] batchIds, DataSet batch) {
        for (int row = 0; row < batchIds.length; row++) {
            Integer slot = slotOfId.get(batchIds[row]);
            if (slot != null && features[slot] == null) {
                features[slot] = Rows.pick(batch.getFeatures(), new int[] {row});
                labels[slot] = Rows.pick(batch.getLabels(), new int[] {row});
                found++;
            }
        }
    }

    DataSet result() {
        if (!complete()) {
            int missing = Arrays.stream(ids).filter(id -> features[slotOfId.get(id)] == null).findFirst().orElse(-1);
            throw new IllegalStateException("example " + missing + " was not met in a pass over the iterator");
        }
        return new DataSet(Nd4j.concat(0, features), Nd4j.concat(0, labels));
    }
}
