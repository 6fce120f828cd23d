package org.datadiet4j.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.datadiet4j.internal.gradients.GradientNorms;
import org.datadiet4j.internal.scoring.BatchScores;
import org.datadiet4j.io.InvalidInputException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;

/**
 * One copy of every model of a job, loaded from the broadcast bytes, with what scoring needs beside each:
 * the normaliser saved in its file (applied to the features first, as in training) and its GraNd path. A
 * DL4J network is not safe for concurrent passes, so each task that scores at the same time on an executor
 * holds a copy of its own, borrowed from {@link ExecutorModels}.
 *
 * @param names       file names, in run order
 * @param networks    a {@code MultiLayerNetwork} or {@code ComputationGraph} per run
 * @param normalizers the normaliser stored with each model, or null
 * @param grandPaths  the GraNd path of each model, or null when GraNd is not scored
 */
record LoadedModels(List<String> names, List<Model> networks, List<DataNormalization> normalizers,
                    List<GradientNorms> grandPaths) {

    /** Loads every model of {@code bytes}; GraNd paths when {@code grand}, of the output layer only when {@code lastLayer}. */
    static LoadedModels load(ModelBytes bytes, boolean grand, boolean lastLayer) {
        List<Model> networks = new ArrayList<>();
        List<DataNormalization> normalizers = new ArrayList<>();
        List<GradientNorms> paths = new ArrayList<>();
        for (int r = 0; r < bytes.files().size(); r++) {
            Pair<? extends Model, Normalizer> loaded = load(bytes.names().get(r), bytes.files().get(r));
            networks.add(loaded.getFirst());
            Normalizer normalizer = loaded.getSecond();
            if (normalizer != null && !(normalizer instanceof DataNormalization)) {
                throw new InvalidInputException("model " + bytes.names().get(r) + " holds a "
                        + normalizer.getClass().getSimpleName() + ", which does not transform single-input"
                        + " features: save the model without it and normalise the features in the data");
            }
            normalizers.add((DataNormalization) normalizer);
            paths.add(grand ? BatchScores.grandPath(loaded.getFirst(), lastLayer) : null);
        }
        return new LoadedModels(List.copyOf(bytes.names()), networks, normalizers, paths);
    }

    private static Pair<? extends Model, Normalizer> load(String name, byte[] file) {
        try {
            return ModelSerializer.restoreMultiLayerNetworkAndNormalizer(new ByteArrayInputStream(file), false);
        } catch (IOException | RuntimeException notANetwork) {
            try {
                return ModelSerializer.restoreComputationGraphAndNormalizer(new ByteArrayInputStream(file), false);
            } catch (IOException | RuntimeException notAGraph) {
                throw new InvalidInputException("model " + name + " is not a DL4J model file (a MultiLayerNetwork or"
                        + " ComputationGraph written by ModelSerializer): "
                        + HadoopPaths.firstLine(notANetwork.getMessage()));
            }
        }
    }

    /** Number of runs. */
    int runs() {
        return networks.size();
    }

    /** True when run {@code r}'s model is a {@link MultiLayerNetwork} (else a {@link ComputationGraph}). */
    boolean isMultiLayerNetwork(int r) {
        return networks.get(r) instanceof MultiLayerNetwork;
    }
}
