package org.datadiet4j.internal.state;
import org.datadiet4j.resume.Resumable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.datadiet4j.io.AtomicFiles;

/**
 * The saved state of several {@link Resumable} parts in one file: a magic header, each part's key
 * and bytes, and a CRC-32 of all of it at the end. Written atomically (temporary file, fsync,
 * rename, fsync of the directory), so a crash leaves the previous file or the new one, and a
 * damaged file is recognised by its checksum rather than half-loaded.
 */
public final class StateFile {

    private static final byte[] MAGIC = "DDSTATE1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private StateFile() {
    }

    /** Writes the state of {@code parts} to {@code file}, replacing it atomically. */
    public static void write(Path file, List<? extends Resumable> parts) throws IOException {
        requireDistinctKeys(parts);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(parts.size());
        for (Resumable part : parts) {
            ByteArrayOutputStream partBytes = new ByteArrayOutputStream();
            DataOutputStream partOut = new DataOutputStream(partBytes);
            part.writeState(partOut);
            partOut.flush();
            out.writeUTF(part.stateKey());
            StateIo.writeBytes(out, partBytes.toByteArray());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        byte[] content = bytes.toByteArray();
        AtomicFiles.writeBytes(file, stream -> stream.write(content));
    }

    /**
     * Restores every part from {@code file}. The file must hold exactly the parts' keys: state saved
     * by listeners configured otherwise is refused with the keys that differ, and nothing is loaded.
     */
    public static void read(Path file, List<? extends Resumable> parts) throws IOException {
        requireDistinctKeys(parts);
        Map<String, byte[]> saved = entries(file);
        Set<String> wanted = new TreeSet<>();
        parts.forEach(part -> wanted.add(part.stateKey()));
        if (!saved.keySet().equals(wanted)) {
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(saved.keySet());
            Set<String> extra = new TreeSet<>(saved.keySet());
            extra.removeAll(wanted);
            throw new IOException(file + " holds the state of other listeners: missing " + missing + ", not asked for "
                    + extra + "; restore with the listeners configured as when it was saved");
        }
        for (Resumable part : parts) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.get(part.stateKey())));
            try {
                part.readState(in);
            } catch (IOException e) {
                String why = e.getMessage() != null ? e.getMessage()
                        : "its saved state is shorter than it reads: it was saved by another version";
                throw new IOException("restoring " + part.stateKey() + " from " + file + " failed: " + why, e);
            }
            if (in.available() != 0) {
                throw new IOException("the state of " + part.stateKey() + " in " + file + " has " + in.available()
                        + " bytes more than it reads: it was saved by another version");
            }
        }
    }

    /** Restores one part of those saved in {@code file}, for a caller that must know it before building the rest. */
    public static void readOne(Path file, Resumable part) throws IOException {
        byte[] saved = entries(file).get(part.stateKey());
        if (saved == null) {
            throw new IOException(file + " holds no state of " + part.stateKey() + ": it was saved by another job;"
                    + " resume with the settings of the saved job, or start afresh");
        }
        part.readState(new DataInputStream(new ByteArrayInputStream(saved)));
    }

    /** The keys of the parts whose state {@code file} holds, in the order they were saved. */
    public static Set<String> keys(Path file) throws IOException {
        return new java.util.LinkedHashSet<>(entries(file).keySet());
    }

    /** True when {@code file} exists and is a complete, undamaged state file. */
    public static boolean isIntact(Path file) {
        try {
            entries(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (content.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a datadiet state file");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
        in.skipNBytes(content.length - 8);
        if (in.readLong() != crc.getValue()) {
            throw new IOException(file + " is damaged (checksum mismatch)");
        }
        in = new DataInputStream(new ByteArrayInputStream(content, MAGIC.length, content.length - 8 - MAGIC.length));
        int count = in.readInt();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(in.readUTF(), StateIo.readBytes(in));
        }
        return entries;
    }

    /** Fails when two parts share a key: they could not be told apart on restore. */
    public static void requireDistinctKeys(List<? extends Resumable> parts) {
        Set<String> keys = new HashSet<>();
        for (Resumable part : parts) {
            if (!keys.add(part.stateKey())) {
                throw new IllegalArgumentException("two parts share the state key " + part.stateKey()
                        + ": save each listener, iterator and store once");
            }
        }
    }
}
