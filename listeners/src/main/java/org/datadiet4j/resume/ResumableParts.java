package org.datadiet4j.resume;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.datadiet4j.data.ExampleIdIterator;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * The parts whose state saves together, found as a callback framework finds them: every
 * {@link Resumable} listener registered on the model, the parts named by hand (those of a registered
 * {@link ResumableCheckpointListener} and any given to {@link ResumePoint#restore}), and through each
 * the parts it holds ({@link Resumable#resumableParts()}), each part once however often it is reached.
 *
 * <p>Keys are canonical: a part is saved under its own key; when distinct parts share one (two
 * stores of the same size), each is qualified by the sorted keys of the parts that hold it, so the
 * order of registration never changes a key.
 */
final class ResumableParts {

    private final List<Resumable> keyed;
    private final Map<String, Resumable> byKey = new LinkedHashMap<>();

    private ResumableParts(List<Resumable> keyed) {
        this.keyed = keyed;
        for (Resumable part : keyed) {
            byKey.put(part.stateKey(), part instanceof Keyed k ? k.part() : part);
        }
    }

    /** The parts reachable from {@code listeners} and {@code named}, sorted by key. */
    static ResumableParts find(List<TrainingListener> listeners, List<? extends Resumable> named) {
        Finder finder = new Finder();
        for (TrainingListener listener : listeners) {
            if (listener instanceof Resumable part) {
                finder.visit(part, null);
            }
            if (listener instanceof ResumableCheckpointListener saver) {
                saver.alsoSaved().forEach(part -> finder.visit(part, null));
            }
        }
        for (Resumable part : named) {
            if (part == null) {
                throw new IllegalArgumentException("a part to save is null: name only parts that exist");
            }
            finder.visit(part, null);
        }
        return new ResumableParts(finder.keyed());
    }

    /** Every part, under its canonical key, sorted by key: what a state file holds. */
    List<Resumable> keyed() {
        return keyed;
    }

    /** The id-stamping iterators among the parts, whose position in the pass is part of a checkpoint. */
    List<ExampleIdIterator> iterators() {
        return byKey.values().stream().filter(ExampleIdIterator.class::isInstance)
                .map(ExampleIdIterator.class::cast).toList();
    }

    /**
     * Fails, with one line naming the parts and the way out, unless {@code saved} (the keys in
     * {@code file}) are exactly the keys of these parts.
     */
    void requireSavedAs(Path file, Set<String> saved) throws IOException {
        List<String> missing = new ArrayList<>();
        byKey.forEach((key, part) -> {
            if (!saved.contains(key)) {
                missing.add(part.getClass().getSimpleName() + " " + key);
            }
        });
        Set<String> unknown = new TreeSet<>(saved);
        unknown.removeAll(byKey.keySet());
        if (missing.isEmpty() && unknown.isEmpty()) {
            return;
        }
        if (missing.isEmpty()) {
            throw new IOException(file + " holds the state of " + unknown + ", which nothing registered on the model"
                    + " has: register the listeners on the model, built as for the saved run, before restore(model)"
                    + " (a part no listener holds: alsoSave(...) it on the ResumableCheckpointListener, or pass it to"
                    + " restore(model, part))");
        }
        if (unknown.isEmpty()) {
            throw new IOException(file + " holds no state of " + missing + ": the checkpoint was saved without it, or"
                    + " with it configured otherwise; resume with the listeners of the saved run, or start afresh");
        }
        throw new IOException(file + " holds no state of " + missing + " but the state of " + unknown + ", which"
                + " nothing registered on the model has: register the listeners configured as for the saved run"
                + " before restore(model), or start afresh");
    }

    /** Walks the parts, remembering each once with the keys of the parts that hold it. */
    private static final class Finder {
        private final Map<Resumable, Set<String>> holders = new IdentityHashMap<>();
        private final List<Resumable> found = new ArrayList<>();

        void visit(Resumable part, Resumable holder) {
            Set<String> heldBy = holders.get(part);
            boolean first = heldBy == null;
            if (first) {
                heldBy = new TreeSet<>();
                holders.put(part, heldBy);
                found.add(part);
            }
            if (holder != null) {
                heldBy.add(keyOf(holder));
            }
            if (first) {
                for (Resumable held : part.resumableParts()) {
                    if (held == null) {
                        throw new IllegalStateException(part.getClass().getSimpleName() + " (" + keyOf(part) + ")"
                                + " lists a null part in resumableParts(): list only the parts it holds");
                    }
                    visit(held, part);
                }
            }
        }

        List<Resumable> keyed() {
            Map<String, List<Resumable>> byOwnKey = new TreeMap<>();
            for (Resumable part : found) {
                byOwnKey.computeIfAbsent(keyOf(part), key -> new ArrayList<>()).add(part);
            }
            List<Resumable> keyed = new ArrayList<>();
            Set<String> taken = new HashSet<>();
            byOwnKey.forEach((key, parts) -> {
                for (Resumable part : parts) {
                    Set<String> heldBy = holders.get(part);
                    String canonical = parts.size() == 1 || heldBy.isEmpty() ? key
                            : key + "@{" + String.join("; ", heldBy) + "}";
                    if (!taken.add(canonical)) {
                        throw new IllegalArgumentException("two different parts share the state key " + key
                                + (heldBy.isEmpty() ? " and no registered listener holds either" : " and are held by"
                                + " the same parts " + heldBy) + ", so their states could not be told apart on"
                                + " restore: save one of them (e.g. one store shared by the listeners), or register"
                                + " the listeners that hold each");
                    }
                    keyed.add(canonical.equals(key) ? part : new Keyed(canonical, part));
                }
            });
            keyed.sort(Comparator.comparing(Resumable::stateKey));
            return List.copyOf(keyed);
        }

        private static String keyOf(Resumable part) {
            String key = part.stateKey();
            if (key == null || key.isEmpty()) {
                throw new IllegalStateException(part.getClass().getSimpleName() + " has no state key: return its kind"
                        + " and identifying configuration from stateKey()");
            }
            return key;
        }
    }

    /** A part saved under a key qualified by its holders. */
    private record Keyed(String stateKey, Resumable part) implements Resumable {
        @Override
        public void writeState(DataOutput out) throws IOException {
            part.writeState(out);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            part.readState(in);
        }
    }
}
