package org.datadiet4j.resume;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Something whose state (counters and per-example arrays, never configuration) can be saved with
 * a model checkpoint and put back into a freshly built twin, so that training resumed from the
 * checkpoint continues bit for bit as if it had never stopped.
 *
 * <p>The contract, for datadiet's own parts and for a user's listener alike:
 * <ul>
 * <li><b>Found, not listed.</b> A {@code TrainingListener} that implements {@code Resumable} and is
 *     registered on the model is saved by the {@link ResumableCheckpointListener} registered beside it
 *     and restored by {@link ResumePoint#restore}; the parts it holds ({@link #resumableParts()}: the
 *     iterator it follows, the store it records into, the scorer it asks) are found through it, and
 *     through them theirs. A part reached several ways (one iterator shared by two listeners and a
 *     pruner) is saved once. Registration order does not matter. Only a part no registered listener
 *     holds needs naming ({@link ResumableCheckpointListener.Builder#alsoSave}).</li>
 * <li><b>Keyed by what it is.</b> {@link #stateKey()} names the part's kind and the configuration
 *     that identifies it (score, epochs, sizes, seeds), the same in every process that builds the
 *     part the same way (no identity hash codes, no registration order), so state is never loaded
 *     into a part configured otherwise. Two distinct parts with the same key (two stores of the same
 *     size) are told apart by the keys of the parts that hold them.</li>
 * <li><b>When.</b> {@link #writeState} runs on the training thread between two iterations, at the end
 *     of an epoch or after an iteration; {@link #readState} runs once, before {@code fit}, on a twin
 *     built as for the saved run (same examples, seeds and options).</li>
 * <li><b>Independent.</b> Parts are restored in the order of their keys: {@code readState} must not
 *     rely on another part being restored before or after it (a pruner installing its keep-set in an
 *     iterator whose own state installs the same one is fine).</li>
 * <li><b>Exact.</b> {@code readState} reads exactly what {@code writeState} wrote, and throws an
 *     {@link IOException} whose message names what does not fit and the way out.</li>
 * </ul>
 */
public interface Resumable {

    /** Kind and identifying configuration, e.g. {@code el2n@[2]}; the same in every process building the part alike. */
    String stateKey();

    /** Writes the state. Called on the training thread, between two training iterations. */
    void writeState(DataOutput out) throws IOException;

    /** Replaces this part's state with a saved one, before training resumes. */
    void readState(DataInput in) throws IOException;

    /**
     * The other parts whose state this one needs restored with it (the iterator it follows, the store
     * it records into), found through it so nobody lists them; none by default.
     */
    default List<? extends Resumable> resumableParts() {
        return List.of();
    }
}
