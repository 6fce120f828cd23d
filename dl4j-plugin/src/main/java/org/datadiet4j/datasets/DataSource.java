package org.datadiet4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.ExampleIds;
import org.datadiet4j.data.Examples;
import org.datadiet4j.io.InvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where training examples come from, as named on the command line with {@code --data}:
 * {@code fashion-mnist} (the Debian package {@code dataset-fashion-mnist}), a directory of IDX files
 * named like MNIST's ({@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}),
 * or a CSV file. Image pixels are scaled to [0, 1]; CSV features are used as they are. The test examples
 * of an IDX source are its {@code t10k-*} files; a CSV source has none of its own: they come from a second
 * CSV file with the same columns, or from a {@link StratifiedSplit} of its rows.
 *
 * @param spec        what the user wrote
 * @param idxDirectory directory of IDX files, or null for CSV
 * @param csvFile     CSV file, or null for IDX
 * @param labelColumn CSV label column
 * @param classes     number of classes, or 0 to take the largest label + 1
 */
public record DataSource(String spec, Path idxDirectory, Path csvFile, int labelColumn, int classes) {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the data set. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's class names, by class index. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Resolves a {@code --data} value. */
    public static DataSource of(String spec, int labelColumn, int classes) {
        if (classes < 0 || classes == 1) {
            throw new InvalidInputException("--classes must be at least 2 (or 0 to infer it), got " + classes);
        }
        if ("fashion-mnist".equals(spec)) {
            if (!Files.isDirectory(FASHION_MNIST)) {
                throw new InvalidInputException("Fashion-MNIST is not installed in " + FASHION_MNIST
                        + ": run 'apt-get install -y dataset-fashion-mnist'");
            }
            return new DataSource(spec, FASHION_MNIST, null, labelColumn, classes == 0 ? 10 : classes);
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return new DataSource(spec, path, null, labelColumn, classes);
        }
        if (spec.toLowerCase().endsWith(".csv") || Files.isRegularFile(path)) {
            if (!Files.isRegularFile(path)) {
                throw new InvalidInputException("data file " + path + " does not exist");
            }
            return new DataSource(spec, null, path, labelColumn, classes);
        }
        throw new InvalidInputException("--data " + spec + " is neither 'fashion-mnist', a directory of IDX files nor"
                + " a CSV file");
    }

    public boolean isFashionMnist() {
        return "fashion-mnist".equals(spec);
    }

    /** Loaded examples and, for images, their height and width (0 otherwise). */
    public record Loaded(Examples examples, int height, int width) {
        public boolean isImage() {
            return height > 0;
        }

        /** The same examples with {@code labels} (one per example, in [0, classes)) in place of theirs. */
        public Loaded withLabels(int[] labels) {
            return withLabels(labels, examples.numClasses());
        }

        /**
         * The same examples with {@code labels} in [0, numClasses) in place of theirs; the class names are
         * kept when the classes are the same, and dropped when their number changes.
         */
        public Loaded withLabels(int[] labels, int numClasses) {
            INDArray features = examples.range(0, examples.size()).getFeatures();
            Examples relabelled = numClasses == examples.numClasses()
                    ? Examples.of(features, labels, numClasses, examples.classNames())
                    : Examples.of(features, labels, numClasses);
            return new Loaded(relabelled, height, width);
        }
    }

    /** Training and test examples. */
    public record Split(Loaded train, Loaded test) {
    }

    /**
     * Training examples streamed from the CSV file every pass ({@link CsvStream} wrapped by
     * {@link ExampleIds#wrap}: ids 0..N-1 in file order), and test examples in memory.
     *
     * @param side image side when the width is a square, else 0
     */
    public record Streamed(ExampleIdIterator train, int side, Loaded test) {
    }

    /**
     * As {@link #loadWithTestFile} or {@link #loadWithTestFraction} (the same rows, ids and split), with the
     * training rows streamed in batches of {@code batchSize} instead of loaded: for a CSV larger than memory.
     * The test rows are loaded.
     */
    public Streamed stream(Path testFile, Double testFraction, long seed, int limit, int batchSize) {
        Path file = requireCsv();
        int[] labels;
        try (CsvStream all = new CsvStream(file, labelColumn, classes, 1, null, Integer.MAX_VALUE)) {
            labels = all.labels();
        }
        int k = checkedClasses(labels, file);
        CsvStream train;
        Loaded test;
        if (testFraction != null) {
            StratifiedSplit split = StratifiedSplit.of(labels, k, testFraction, seed);
            boolean[] testRow = new boolean[labels.length];
            for (int row : split.test()) {
                testRow[row] = true;
            }
            train = new CsvStream(file, labelColumn, k, batchSize, row -> !testRow[row], limit);
            try (CsvStream testRows = new CsvStream(file, labelColumn, k, 4096, row -> testRow[row],
                    Integer.MAX_VALUE)) {
                int side = imageSide(testRows.inputColumns());
                test = new Loaded(Examples.collect(testRows), side, side);
            }
        } else {
            train = new CsvStream(file, labelColumn, k, batchSize, null, limit);
            CsvReader.Rows testRows = CsvReader.read(testFile, labelColumn, k, Integer.MAX_VALUE, train.inputColumns() + 1);
            test = csvExamples(testRows, k, null);
        }
        return new Streamed(ExampleIds.wrap(train), imageSide(train.inputColumns()), test);
    }

    /** The side of a square image of {@code width} pixels, or 0 when the width is not a square. */
    private static int imageSide(int width) {
        int side = (int) Math.round(Math.sqrt(width));
        return side * side == width ? side : 0;
    }

    /** The first {@code limit} training examples. */
    public Loaded loadTrain(int limit) {
        return idxDirectory != null ? loadIdx("train", limit) : loadCsv(limit);
    }

    /** The IDX test split ({@code t10k-*}) of an IDX source. */
    public Loaded loadTest() {
        if (idxDirectory == null) {
            throw new InvalidInputException("a CSV source has no test split of its own: give --test FILE.csv or"
                    + " --test-fraction F");
        }
        return loadIdx("t10k", Integer.MAX_VALUE);
    }

    /**
     * A CSV source's first {@code limit} rows for training and every row of {@code testFile} for testing;
     * the test file needs the same columns, and labels below the training data's number of classes.
     */
    public Split loadWithTestFile(Path testFile, int limit) {
        CsvReader.Rows trainRows = CsvReader.read(requireCsv(), labelColumn, classes, limit);
        int k = checkedClasses(trainRows.labels(), csvFile);
        CsvReader.Rows testRows = CsvReader.read(testFile, labelColumn, k, Integer.MAX_VALUE, trainRows.width() + 1);
        return new Split(csvExamples(trainRows, k, null), csvExamples(testRows, k, null));
    }

    /**
     * A CSV source split by {@link StratifiedSplit#of} with {@code testFraction} and {@code seed}: the
     * test rows for testing, the first {@code limit} training rows for training, ids 0..N-1 in row order.
     * The split is drawn over every row of the file, so {@code limit} leaves the test examples as they are.
     */
    public Split loadWithTestFraction(double testFraction, long seed, int limit) {
        CsvReader.Rows rows = CsvReader.read(requireCsv(), labelColumn, classes, Integer.MAX_VALUE);
        int k = checkedClasses(rows.labels(), csvFile);
        StratifiedSplit split = StratifiedSplit.of(rows.labels(), k, testFraction, seed);
        int[] train = split.train().length > limit ? Arrays.copyOf(split.train(), limit) : split.train();
        return new Split(csvExamples(rows, k, train), csvExamples(rows, k, split.test()));
    }

    private Path requireCsv() {
        if (csvFile == null) {
            throw new IllegalStateException(spec + " is not a CSV file");
        }
        return csvFile;
    }

    private Loaded loadIdx(String split, int limit) {
        Path imagesFile = find(split + "-images-idx3-ubyte");
        Path labelsFile = find(split + "-labels-idx1-ubyte");
        IdxReader.Images images = IdxReader.readImages(imagesFile, limit);
        int[] labels = IdxReader.readLabels(labelsFile, limit);
        if (labels.length != images.count()) {
            throw new InvalidInputException(labelsFile + " holds " + labels.length + " labels but " + imagesFile
                    + " holds " + images.count() + " images: they must describe the same examples");
        }
        int k = checkedClasses(labels, labelsFile);
        float[] pixels = new float[images.pixels().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.pixels()[i] & 0xFF) / 255f;
        }
        var features = Nd4j.create(pixels, new long[] {images.count(), images.pixelsPerImage()}, DataType.FLOAT);
        List<String> names = isFashionMnist() && k == 10 ? FASHION_MNIST_CLASSES : null;
        return new Loaded(Examples.of(features, labels, k, names), images.rows(), images.cols());
    }

    private Loaded loadCsv(int limit) {
        CsvReader.Rows rows = CsvReader.read(csvFile, labelColumn, classes, limit);
        return csvExamples(rows, checkedClasses(rows.labels(), csvFile), null);
    }

    /** The given rows (all when null), in that order, as examples of {@code k} classes. */
    private static Loaded csvExamples(CsvReader.Rows rows, int k, int[] selected) {
        int width = rows.width();
        float[] values = rows.features();
        int[] labels = rows.labels();
        if (selected != null) {
            values = new float[selected.length * width];
            labels = new int[selected.length];
            for (int i = 0; i < selected.length; i++) {
                System.arraycopy(rows.features(), selected[i] * width, values, i * width, width);
                labels[i] = rows.labels()[selected[i]];
            }
        }
        var features = Nd4j.create(values, new long[] {labels.length, width}, DataType.FLOAT);
        int side = imageSide(width);
        return new Loaded(Examples.of(features, labels, k), side, side);
    }

    private Path find(String baseName) {
        for (String name : List.of(baseName + ".gz", baseName)) {
            Path candidate = idxDirectory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException("no " + baseName + "[.gz] in " + idxDirectory
                + (isFashionMnist() ? ": reinstall it with 'apt-get install --reinstall dataset-fashion-mnist'"
                        : ": an IDX directory needs the MNIST file names"));
    }

    private int checkedClasses(int[] labels, Path file) {
        int max = 0;
        for (int i = 0; i < labels.length; i++) {
            if (classes > 0 && labels[i] >= classes) {
                throw new InvalidInputException(file + ", example " + i + ": label " + labels[i]
                        + " is out of range [0, " + classes + "); fix the label or set --classes (or check"
                        + " --label-column)");
            }
            max = Math.max(max, labels[i]);
        }
        int k = classes > 0 ? classes : max + 1;
        if (k < 2) {
            throw new InvalidInputException(file + ": every label is " + max + "; need at least 2 classes: check"
                    + " --label-column");
        }
        return k;
    }
}
