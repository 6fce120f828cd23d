package org.datadiet4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.data.Examples;
import org.datadiet4j.scores.ScoreStore;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A user's own job as it is: a DataVec {@code CSVRecordReader} and {@code RecordReaderDataSetIterator}
 * with its own batch size and a fitted {@code NormalizerStandardize}, wrapped by
 * {@link ExampleIds#wrap}. EL2N, GraNd (at initialisation too, in the middle of the first pass) and
 * forgetting events must equal those of the in-memory path fed the same normalised rows in the
 * same order: a reference that reads the CSV with plain Java and normalises with the same statistics.
 */
class UserPipelineTest {

    private static final int N = 230;
    private static final int WIDTH = 6;
    private static final int CLASSES = 3;
    private static final int BATCH = 25;
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    /** A CSV of Gaussian blobs far from zero mean and unit scale (so normalising matters), label last. */
    private Path writeCsv() throws IOException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < N; i++) {
            int label = random.nextInt(CLASSES);
            for (int j = 0; j < WIDTH; j++) {
                csv.append((float) (50 + 30 * j + 20 * label * ((j % 2) * 2 - 1) + 15 * random.nextGaussian()))
                        .append(',');
            }
            csv.append(label).append('\n');
        }
        Path file = dir.resolve("train.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static DataSetIterator dataVecIterator(Path csv, boolean metaData) throws Exception {
        CSVRecordReader reader = new CSVRecordReader();
        reader.initialize(new FileSplit(csv.toFile()));
        RecordReaderDataSetIterator iterator = new RecordReaderDataSetIterator(reader, BATCH, WIDTH, CLASSES);
        iterator.setCollectMetaData(metaData);
        return iterator;
    }

    /** The reference: the CSV read line by line, normalised with the normaliser's own statistics. */
    private static Examples normalisedInMemory(Path csv, NormalizerStandardize normalizer) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        float[][] features = new float[lines.size()][WIDTH];
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int j = 0; j < WIDTH; j++) {
                features[i][j] = Float.parseFloat(cells[j]);
            }
            labels[i] = Integer.parseInt(cells[WIDTH]);
        }
        INDArray x = Nd4j.create(features);
        INDArray mean = normalizer.getMean();
        INDArray std = normalizer.getStd();
        INDArray normalised = x.subRowVector(mean.reshape(1, WIDTH)).divRowVector(std.reshape(1, WIDTH));
        return Examples.of(normalised, labels, CLASSES);
    }

    private record Run(ScoreStore store, float[] weights) {
    }

    private static Run train(Supplier<Model> network, ExampleIdIterator data) {
        ScoreStore store = new ScoreStore(N);
        El2nListener el2n = El2nListener.builder(data).atEpochs(1, 3).batchSize(64).store(store).build();
        GrandListener grand = GrandListener.builder(data).atEpochs(0, 2).batchSize(40).store(store).build();
        ForgettingListener forgetting = ForgettingListener.builder(data).atEpochs(EPOCHS).store(store).build();
        Model model = network.get();
        List<TrainingListener> listeners = new ArrayList<>(List.of(el2n, grand, forgetting));
        TestNets.fit(model, data, EPOCHS, listeners);
        return new Run(store, model.params().toFloatVector());
    }

    @ParameterizedTest
    @ValueSource(strings = {"network", "graph"})
    void dataVecJobWithNormalizerScoresLikeTheInMemoryPathOnNormalisedRows(String kind) throws Exception {
        Path csv = writeCsv();
        Supplier<Model> network = () -> kind.equals("network") ? TestNets.mlp(WIDTH, CLASSES, 31, 0.0)
                : TestNets.graph(WIDTH, CLASSES, 31, 0.0);
        DataSetIterator userIterator = dataVecIterator(csv, false);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(userIterator);
        userIterator.setPreProcessor(normalizer);

        Run streamed = train(network, ExampleIds.wrap(userIterator));
        Run inMemory = train(network, normalisedInMemory(csv, normalizer).iterator(BATCH));

        for (String column : List.of("el2n_e1", "el2n_e3", "grand_e0", "grand_e2")) {
            assertCloseRelative(streamed.store().column(column).means(), inMemory.store().column(column).means());
        }
        assertThat(streamed.store().column("forgetting").means())
                .containsExactly(inMemory.store().column("forgetting").means());
        assertThat(streamed.store().column("ever_learned").means())
                .containsExactly(inMemory.store().column("ever_learned").means());
        assertCloseRelative(streamed.weights(), inMemory.weights());
        // the scores are of the normalised inputs: raw 50..200 inputs would saturate the softmax
        float[] el2n = streamed.store().column("el2n_e1").means();
        long saturated = java.util.stream.IntStream.range(0, N)
                .filter(i -> el2n[i] < 1e-4 || el2n[i] > Math.sqrt(2) - 1e-4).count();
        assertThat(saturated).isLessThan(N / 4);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void idsByRecordLocationGiveTheSameScoresAsIdsByPosition(boolean metaData) throws Exception {
        Path csv = writeCsv();
        DataSetIterator userIterator = dataVecIterator(csv, metaData);
        ExampleIdIterator data = metaData ? ExampleIds.wrapByRecordLocation(userIterator) : ExampleIds.wrap(userIterator);

        Run run = train(() -> TestNets.mlp(WIDTH, CLASSES, 32, 0.0), data);
        Run reference = train(() -> TestNets.mlp(WIDTH, CLASSES, 32, 0.0),
                ExampleIds.wrap(dataVecIterator(csv, false)));

        assertThat(data.examples().size()).isEqualTo(N);
        assertThat(run.store().column("el2n_e3").means()).containsExactly(reference.store().column("el2n_e3").means());
        assertThat(run.weights()).containsExactly(reference.weights());
    }

    private static void assertCloseRelative(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), 1e-3);
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("index %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(1e-6);
        }
    }
}
