package org.datadiet4j.resume;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Something whose state (counters and per-example arrays, never configuration) can be saved with
 * a model checkpoint and put back into a freshly built twin, so that training resumed from the
 * checkpoint continues bit for bit as if it had never stopped.
 *
 * <p>The key names the part among those saved together: its kind and the configuration that
 * identifies it (score, epochs, sizes), so state is never loaded into a part configured otherwise.
 */
public interface Resumable {

    /** Kind and identifying configuration, e.g. {@code el2n@[2]}; unique among the parts saved together. */
    String stateKey();

    /** Writes the state. Called on the training thread, between two training iterations. */
    void writeState(DataOutput out) throws IOException;

    /** Replaces this part's state with a saved one, before training resumes. */
    void readState(DataInput in) throws IOException;
}
