package org.datadiet4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the previous content or the complete new one: the
 * content goes to a temporary file in the same directory, is forced to disk, renamed over the
 * target in one atomic step, and the directory entry is forced to disk too. If writing fails,
 * the temporary file is removed and the target is untouched.
 */
public final class AtomicFiles {

    /** The body of a text write: fills the writer. */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(Writer out) throws IOException;
    }

    /** The body of a binary write (an image, for example): fills the stream. */
    @FunctionalInterface
    public interface BinaryBody {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    /** Replaces {@code target} with the text {@code body} writes, in UTF-8. */
    public static void writeText(Path target, TextBody body) throws IOException {
        writeBytes(target, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            body.writeTo(out);
            out.flush();
        });
    }

    /** Replaces {@code target} with the bytes {@code body} writes. */
    public static void writeBytes(Path target, BinaryBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = newTemporary(directory, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + absolute + " atomically on this file system", e);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new, empty hidden file next to the target, created with the permissions any new file gets
     * (the process's umask), not the owner-only ones of {@code Files.createTempFile}.
     */
    private static Path newTemporary(Path directory, String name) throws IOException {
        while (true) {
            Path candidate = directory.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
