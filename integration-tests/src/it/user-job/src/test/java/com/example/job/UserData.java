package com.example.job;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/** A training CSV as a user has one: 784 pixel columns, then the label (10 classes), one row per image. */
final class UserData {

    static final int ROWS = 600;

    private UserData() {
    }

    /** Writes {@code train.csv} in the working directory (the snippets open it by that name). */
    static Path writeTrainCsv() throws IOException {
        Path file = Path.of("train.csv");
        Random random = new Random(11);
        try (Writer out = Files.newBufferedWriter(file)) {
            for (int row = 0; row < ROWS; row++) {
                int label = row % 10;
                StringBuilder line = new StringBuilder();
                for (int pixel = 0; pixel < 784; pixel++) {
                    double signal = pixel % 10 == label ? 0.6 : 0.0;
                    line.append(Math.max(0, signal + 0.5 * random.nextGaussian()) * 255).append(',');
                }
                out.write(line.append(label).append('\n').toString());
            }
        }
        return file;
    }

    /** The job's DataVec pipeline over {@code train.csv}: batches of 64, a fitted standardising normaliser. */
    static DataSetIterator trainIterator() throws IOException, InterruptedException {
        CSVRecordReader reader = new CSVRecordReader();
        reader.initialize(new FileSplit(writeTrainCsv().toFile()));
        DataSetIterator iterator = new RecordReaderDataSetIterator(reader, 64, 784, 10);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(iterator);
        iterator.setPreProcessor(normalizer);
        return iterator;
    }

    /** The ids of the k highest scores (ties to the lower id), ascending, by plain sorting. */
    static int[] highest(float[] scores, int k, float cap) {
        return java.util.stream.IntStream.range(0, scores.length).boxed()
                .filter(id -> scores[id] <= cap)
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b)
                .limit(k).mapToInt(Integer::intValue).sorted().toArray();
    }
}
