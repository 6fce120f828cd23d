package org.datadiet4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datadiet4j.io.AtomicFiles;
import org.datadiet4j.io.InvalidInputException;

/** Checks an output directory before any work starts, so a bad {@code --out} costs no training time. */
final class OutputDirectory {

    private OutputDirectory() {
    }

    /** Creates {@code dir} if needed and proves a file can be created in it. */
    static Path prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("output directory " + dir + " is a file: choose another --out");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".datadiet-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write to output directory " + dir + " (" + reason(e)
                    + "): choose a writable --out");
        }
        return dir;
    }

    /**
     * Records {@code settings} in {@code file} on first use and requires the same on every later run, so
     * work resumed in a directory never mixes settings; {@code what} names the directory's content.
     */
    static void requireSameSettings(Path file, String settings, String what) throws IOException {
        if (Files.isRegularFile(file)) {
            String recorded = Files.readString(file);
            if (!recorded.equals(settings)) {
                throw new InvalidInputException(file.getParent() + " holds " + what + " with other settings ("
                        + recorded.strip() + "): resume with those, or choose another directory");
            }
            return;
        }
        AtomicFiles.writeText(file, w -> w.write(settings));
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "cannot create " + e.getMessage();
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage();
    }
}
