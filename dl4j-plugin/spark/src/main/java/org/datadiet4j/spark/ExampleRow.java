package org.datadiet4j.spark;

import java.io.Serializable;

/**
 * One training example as the Spark job carries it between stages: its id (0..N-1, its position in the
 * input), its class index and its features, one flat row. A Java bean because Spark's bean encoder turns
 * the {@code features} column straight into a {@code float[]}, with no boxed values per feature.
 */
public final class ExampleRow implements Serializable {

    private int id;
    private int label;
    private float[] features;

    /** For Spark's bean encoder. */
    public ExampleRow() {
    }

    public ExampleRow(int id, int label, float[] features) {
        this.id = id;
        this.label = label;
        this.features = features;
    }

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }

    public int getLabel() {
        return label;
    }

    public void setLabel(int label) {
        this.label = label;
    }

    public float[] getFeatures() {
        return features;
    }

    public void setFeatures(float[] features) {
        this.features = features;
    }
}
