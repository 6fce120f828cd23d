package org.datadiet4j.internal.scoring;

import java.util.function.Supplier;
import org.datadiet4j.data.ExampleSource;
import org.datadiet4j.internal.network.NetworkView;
import org.datadiet4j.internal.state.RandomState;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one way a scoring pass (EL2N, GraNd, its self-check, an NTK measurement) reads a network while
 * it trains, so that scoring never changes training by construction rather than by each caller's care:
 *
 * <ul>
 *   <li>the examples come from an {@link ExampleSource}, with the training preprocessor applied;</li>
 *   <li>the network is read through its {@link NetworkView}, whose passes are all in inference mode;</li>
 *   <li>ND4J's random generator is saved and put back ({@link RandomState#preserved}): dropout after the
 *       pass draws what it would have drawn without it;</li>
 *   <li>the network's current input, labels and masks, which DL4J's inference passes replace, are put
 *       back, so a listener called after the pass sees the batch training saw;</li>
 *   <li>the pass runs outside every workspace training may have open: nothing it makes lands in, or
 *       outlives, a training workspace; engines that work with plain ND4J operations allocate their
 *       intermediate arrays in a reusable workspace of their own ({@link #runInScoringWorkspace}).</li>
 * </ul>
 * All of it holds when the pass throws. Passes nest: an engine's pass inside a listener's is harmless.
 * The parameters and updater state are only read; nothing here copies them.
 */
public final class ScoringContext {

    /**
     * All intermediate arrays of a batch live in one workspace reused from batch to batch, so a pass
     * does not leave its garbage to the collector; only Java results escape.
     */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    private static final String WORKSPACE_ID = "DATADIET_SCORING";

    private final NetworkView network;

    private ScoringContext(NetworkView network) {
        this.network = network;
    }

    /** The context for scoring {@code model}, a {@code MultiLayerNetwork} or {@code ComputationGraph}. */
    public static ScoringContext of(Model model) {
        return new ScoringContext(NetworkView.of(model));
    }

    /** The network scored. */
    public NetworkView network() {
        return network;
    }

    /** Runs {@code pass} in this context (see the class comment) and returns its result. */
    public <T> T run(Supplier<T> pass) {
        Runnable restoreInputs = network.inputsRestorer();
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return RandomState.preserved(pass);
        } finally {
            restoreInputs.run();
        }
    }

    /**
     * As {@link #run}, with every array the pass allocates in the reusable scoring workspace: only for
     * passes made of ND4J operations and layer-level calls (DL4J's network-level {@code output} refuses
     * to run inside a workspace), whose results leave as Java arrays.
     */
    public <T> T runInScoringWorkspace(Supplier<T> pass) {
        return run(() -> {
            try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE,
                    WORKSPACE_ID)) {
                return pass.get();
            }
        });
    }

    /** Streams every example of {@code examples} through {@code consumer}, in batches, in this context. */
    public void forEachBatch(ExampleSource examples, int batchSize, ExampleSource.BatchConsumer consumer) {
        run(() -> {
            examples.forEachBatch(batchSize, consumer);
            return null;
        });
    }

    /** The examples {@code ids} of {@code examples}, read in this context (a streamed source runs a pass). */
    public DataSet gather(ExampleSource examples, int[] ids) {
        return run(() -> examples.gather(ids));
    }

    /**
     * Bytes the reusable scoring workspace of this thread holds: the peak extra memory of one batch of
     * a pass (0 before the first batch).
     */
    public static long workspaceBytes() {
        if (!Nd4j.getWorkspaceManager().checkIfWorkspaceExists(WORKSPACE_ID)) {
            return 0;
        }
        return Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(WORKSPACE, WORKSPACE_ID).getCurrentSize();
    }
}
