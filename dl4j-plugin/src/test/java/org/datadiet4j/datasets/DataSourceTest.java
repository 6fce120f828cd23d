package org.datadiet4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
