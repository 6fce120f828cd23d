package org.datadiet4j.resume;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.datadiet4j.internal.state.StateFile;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints in a directory that training can resume from: DL4J's model files and record
 * ({@code checkpointInfo.txt}) with datadiet's state file beside each ({@code checkpoint_<n>_datadiet.state}).
 * {@link #latest(File)} finds the newest one whose model and state are both complete and undamaged.
 */
public final class ResumePoints {

    private static final Logger log = LoggerFactory.getLogger(ResumePoints.class);
    static final String INFO_FILE = "checkpointInfo.txt";
    private static final String STATE_SUFFIX = "_datadiet.state";
    private static final Pattern STATE_FILE = Pattern.compile("checkpoint_(\\d+)_datadiet\\.state");
    private static final Pattern MODEL_FILE = Pattern.compile("checkpoint_(\\d+)_(MultiLayerNetwork|ComputationGraph)\\.zip");

    private ResumePoints() {
    }

    /**
     * The newest checkpoint in {@code directory} whose model file exists and whose listener state is
     * complete and undamaged; empty when there is none (a fresh start). A torn last line of DL4J's
     * checkpoint record (a crash while it was appended) is passed over.
     */
    public static Optional<ResumePoint> latest(File directory) throws IOException {
        Path info = directory.toPath().resolve(INFO_FILE);
        if (!Files.exists(info)) {
            return Optional.empty();
        }
        ResumePoint newest = null;
        List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.fromFileString(line.trim());
            } catch (RuntimeException e) {
                log.warn("skipping the unreadable checkpoint record '{}' in {}: {}", line, info, e.getMessage());
                continue;
            }
            Path state = stateFile(directory, checkpoint.getCheckpointNum());
            File model = new File(directory, checkpoint.getFilename());
            if (model.isFile() && StateFile.isIntact(state) && isReadableZip(model)
                    && (newest == null || checkpoint.getCheckpointNum() > newest.checkpoint().getCheckpointNum())) {
                newest = new ResumePoint(directory, checkpoint, state);
            }
        }
        return Optional.ofNullable(newest);
    }

    private static boolean isReadableZip(File file) {
        try (ZipFile zip = new ZipFile(file)) {
            return zip.size() > 0;
        } catch (IOException e) {
            log.warn("skipping the unreadable model file {}: {}", file, e.getMessage());
            return false;
        }
    }

    /** Where the state of checkpoint {@code checkpointNum} goes. */
    static Path stateFile(File directory, int checkpointNum) {
        return directory.toPath().resolve("checkpoint_" + checkpointNum + STATE_SUFFIX);
    }

    /** The length of DL4J's checkpoint record, which grows by a line with every checkpoint. */
    static long recordLength(File directory) {
        return new File(directory, INFO_FILE).length();
    }

    /** The last line of DL4J's checkpoint record in {@code directory}, empty when there is none. */
    static String lastRecordIn(File directory) {
        Path info = directory.toPath().resolve(INFO_FILE);
        try {
            List<String> lines = Files.exists(info) ? Files.readAllLines(info, StandardCharsets.UTF_8) : List.of();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + info + " failed", e);
        }
    }

    /** Forces a file DL4J wrote to disk, so a state file is never there before the model it belongs to. */
    static void forceToDisk(File file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes state files whose model file DL4J has deleted (its {@code keepLast}). */
    static void deleteOrphanedStates(File directory) throws IOException {
        File[] files = directory.listFiles((dir, name) -> STATE_FILE.matcher(name).matches());
        if (files == null) {
            return;
        }
        for (File state : files) {
            Matcher m = STATE_FILE.matcher(state.getName());
            if (m.matches() && !hasModelFile(directory, Integer.parseInt(m.group(1)))) {
                Files.deleteIfExists(state.toPath());
            }
        }
    }

    private static boolean hasModelFile(File directory, int checkpointNum) {
        File[] files = directory.listFiles((dir, name) -> {
            Matcher m = MODEL_FILE.matcher(name);
            return m.matches() && Integer.parseInt(m.group(1)) == checkpointNum;
        });
        return files != null && files.length > 0;
    }
}
