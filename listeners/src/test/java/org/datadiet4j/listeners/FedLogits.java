package org.datadiet4j.listeners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.datadiet4j.data.Examples;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An independent log of what training fed, for replays: for every training batch it copies the fed rows
 * (feature 0 is the example id), the fed labels (the network's own for a MultiLayerNetwork; a graph's by
 * id) and the output layer's input and parameters, and computes each row's logits hW + b in plain Java
 * (double). Graphs must name their input "in" and the output layer's input "hidden".
 */
final class FedLogits extends BaseTrainingListener {

    /** One fed row: its example id, label, epoch (1-based) and logits. */
    record Presentation(int id, int label, int epoch, double[] logits) {
    }

    final List<Presentation> presentations = new ArrayList<>();
    private final Examples examples;
    private int epoch;

    FedLogits(Examples examples) {
        this.examples = examples;
    }

    @Override
    public void onEpochStart(Model model) {
        epoch++;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        log(activations.get(0), network.getLabels(), activations.get(activations.size() - 1), network.getOutputLayer());
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        log(activations.get("in"), null, activations.get("hidden"), ((ComputationGraph) model).getOutputLayer(0));
    }

    private void log(INDArray fed, INDArray fedLabels, INDArray h, Layer output) {
        double[][] x = fed.toDoubleMatrix();
        double[][] hidden = h.toDoubleMatrix();
        double[][] w = output.getParam("W").toDoubleMatrix();
        double[] b = output.getParam("b").toDoubleVector();
        for (int row = 0; row < x.length; row++) {
            int id = (int) x[row][0];
            int label = fedLabels == null ? examples.label(id) : fedLabels.getRow(row).argMax().getInt(0);
            double[] z = b.clone();
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < hidden[row].length; j++) {
                    z[k] += hidden[row][j] * w[j][k];
                }
            }
            presentations.add(new Presentation(id, label, epoch, z));
        }
    }
}
