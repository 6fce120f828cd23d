package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {

    @TempDir
    Path dir;

    @Test
    void idxDirectoryGivesScaledPixelsAndLabelsByPosition() throws IOException {
        IdxFilesForTests.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 4, 4, new int[][] {
                {0, 51, 102, 153, 204, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255}});
        IdxFilesForTests.writeLabels(dir.resolve("train-labels-idx1-ubyte"), 3, 1);

        DataSource.Loaded loaded = DataSource.of(dir.toString(), 0, 0).loadTrain(Integer.MAX_VALUE);

        assertThat(loaded.examples().size()).isEqualTo(2);
        assertThat(loaded.examples().numClasses()).isEqualTo(4);
        assertThat(loaded.examples().labels()).containsExactly(3, 1);
        assertThat(loaded.height()).isEqualTo(4);
        float[] first = loaded.examples().range(0, 1).getFeatures().toFloatVector();
        assertThat((double) first[1]).isCloseTo(0.2, within(1e-7));
        assertThat(first[5]).isEqualTo(1f);
    }

    @Test
    void idxLabelsMustMatchImagesAndClasses() throws IOException {
        IdxFilesForTests.writeImages(dir.resolve("train-images-idx3-ubyte"), 1, 2, new int[][] {{1, 2}, {3, 4}});
        IdxFilesForTests.writeLabels(dir.resolve("train-labels-idx1-ubyte"), 0, 5);
        assertThatThrownBy(() -> DataSource.of(dir.toString(), 0, 3).loadTrain(10))
                .hasMessageContaining("example 1: label 5 is out of range [0, 3)");
        IdxFilesForTests.writeLabels(dir.resolve("train-labels-idx1-ubyte"), 0);
        assertThatThrownBy(() -> DataSource.of(dir.toString(), 0, 0).loadTrain(10))
                .hasMessageContaining("holds 1 labels but").hasMessageContaining("holds 2 images");
    }

    @Test
    void csvFileGivesFeaturesAsTheyAre() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "y,a,b\n1,0.5,7\n0,2,3\n2,1,1\n");
        DataSource.Loaded loaded = DataSource.of(file.toString(), 0, 0).loadTrain(Integer.MAX_VALUE);
        assertThat(loaded.examples().numClasses()).isEqualTo(3);
        assertThat(loaded.isImage()).isFalse();
        assertThat(loaded.examples().range(0, 3).getFeatures().reshape(6).toFloatVector()).containsExactly(0.5f, 7f, 2f, 3f, 1f, 1f);
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> DataSource.of(dir.resolve("absent.csv").toString(), 0, 0))
                .hasMessageContaining("absent.csv does not exist");
        assertThatThrownBy(() -> DataSource.of(dir.toString(), 0, 0).loadTrain(1))
                .hasMessageContaining("no train-images-idx3-ubyte[.gz] in " + dir);
    }

    private static float[] features(DataSource.Loaded loaded) {
        int n = loaded.examples().size();
        return loaded.examples().range(0, n).getFeatures().reshape((long) n * loaded.examples().width()).toFloatVector();
    }

    @Test
    void aTestFileGivesTheTestExamplesAndLimitCutsOnlyTheTrainingRows() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "y,a\n0,1\n1,2\n2,3\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "1,10\n0,20\n");

        DataSource.Split split = DataSource.of(train.toString(), 0, 0).loadWithTestFile(test, 2);

        assertThat(split.train().examples().labels()).containsExactly(0, 1);
        assertThat(features(split.test())).containsExactly(10f, 20f);
        assertThat(split.test().examples().labels()).containsExactly(1, 0);
        // the number of classes comes from the training data, for both
        assertThat(split.test().examples().numClasses()).isEqualTo(2);
    }

    @Test
    void aTestFileNeedsTheSameColumnsAndTheTrainingClasses() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "0,1,2\n1,2,3\n");
        DataSource source = DataSource.of(train.toString(), 0, 0);
        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "0,1\n");
        assertThatThrownBy(() -> source.loadWithTestFile(narrow, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessage(narrow + " has 2 columns but the training data has 3: give a test file with the same columns");
        Path unseen = Files.writeString(dir.resolve("unseen.csv"), "0,1,2\n2,1,2\n");
        assertThatThrownBy(() -> source.loadWithTestFile(unseen, 10))
                .hasMessage(unseen + " line 2, column 0: label 2 is out of range [0, 2); fix the label or set --classes (or check"
                        + " --label-column)");
    }

    @Test
    void aTestFractionTrainsOnTheRemainingRowsInFileOrder() throws IOException {
        StringBuilder csv = new StringBuilder("y,x\n");
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        for (int row = 0; row < labels.length; row++) {
            csv.append(labels[row]).append(',').append(row).append('\n');
        }
        Path file = Files.writeString(dir.resolve("d.csv"), csv);
        StratifiedSplit expected = StratifiedSplit.of(labels, 2, 0.4, 5);

        DataSource.Split split = DataSource.of(file.toString(), 0, 0).loadWithTestFraction(0.4, 5, Integer.MAX_VALUE);
        DataSource.Split limited = DataSource.of(file.toString(), 0, 0).loadWithTestFraction(0.4, 5, 3);

        // feature x is the row index: training id i is the i-th remaining row
        assertThat(features(split.train())).containsExactly(rowsAsFloats(expected.train()));
        assertThat(features(split.test())).containsExactly(rowsAsFloats(expected.test()));
        assertThat(split.train().examples().size()).isEqualTo(6);
        assertThat(features(limited.train())).containsExactly(rowsAsFloats(java.util.Arrays.copyOf(expected.train(), 3)));
        assertThat(features(limited.test())).containsExactly(features(split.test()));
    }

    private static float[] rowsAsFloats(int[] rows) {
        float[] values = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i];
        }
        return values;
    }
}
