package org.datadiet4j.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.state.StateFile;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.listeners.ForgettingListener;
import org.datadiet4j.listeners.TestNets;
import org.datadiet4j.pruning.EarlyPruningListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How the checkpoint listener and {@link ResumePoint#restore} find the parts to save: through the
 * listeners registered on the model, each part once however it is reached, keyed by what it is; and
 * what they refuse, with the fix.
 */
class PartDiscoveryTest {

    @TempDir
    Path dir;

    private final Examples examples = TestNets.blobs(100, 8, 3, 24, DataType.FLOAT);

    /** A part that counts how often its state is written; one that {@code readsTooMuch} is of another version. */
    private static final class Counted implements Resumable {
        int writes;
        boolean readsTooMuch;

        @Override
        public String stateKey() {
            return "counted";
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            writes++;
            out.writeInt(writes);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            writes = in.readInt();
            if (readsTooMuch) {
                in.readInt();
            }
        }
    }

    /** A user's listener holding a part and the iterator, as datadiet's own listeners do. */
    private static final class Holder extends BaseTrainingListener implements Resumable {
        private final String key;
        private final List<Resumable> held;

        Holder(String key, Resumable... held) {
            this.key = key;
            this.held = List.of(held);
        }

        @Override
        public String stateKey() {
            return key;
        }

        @Override
        public void writeState(DataOutput out) {
        }

        @Override
        public void readState(DataInput in) {
        }

        @Override
        public List<Resumable> resumableParts() {
            return held;
        }
    }

    private File newDirectory(String name) throws IOException {
        return Files.createDirectory(dir.resolve(name)).toFile();
    }

    private static CheckpointListener everyEpoch(File directory) {
        return new CheckpointListener.Builder(directory).saveEveryNEpochs(1).build();
    }

    @Test
    void aPartReachedSeveralWaysIsSavedOnceAndAPrunerRestoresItsKeepSet() throws IOException {
        File checkpoints = newDirectory("once");
        ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
        // EL2N is not registered: the pruner asks it; its store is shared with forgetting and named by hand too
        El2nListener el2n = El2nListener.builder(iterator).atEpochs(1).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(2).store(el2n.store()).build();
        EarlyPruningListener pruner = EarlyPruningListener.builder(iterator, el2n).atEpoch(1).keep(0.5).build();
        Counted counted = new Counted();
        Holder a = new Holder("holder-a", counted, iterator);
        Holder b = new Holder("holder-b", counted, el2n);
        ResumableCheckpointListener saver = ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints)
                .alsoSave(iterator, counted, el2n.store()).build();
        MultiLayerNetwork model = TestNets.mlp(8, 3, 77, 0.0);
        model.setListeners(forgetting, a, pruner, b, a, saver);
        model.fit(iterator, 2);

        assertThat(saver.saves()).isEqualTo(2);
        assertThat(counted.writes).isEqualTo(saver.saves());
        ResumePoint point = ResumePoints.latest(checkpoints).orElseThrow();
        assertThat(StateFile.keys(point.stateFile())).containsExactlyInAnyOrder("el2n@[1]", "forgetting@[2]",
                "pruning@1(el2n,hardest,keep=0.5)", "iterator(n=100,batch=32,seed=5)", "scores(n=100)", "counted",
                "holder-a", "holder-b", "model-counters");

        // the twin's pruner, registered alone, brings its scorer, store and iterator back; the keep-set with them
        ExampleIdIterator twinIterator = examples.shuffledIterator(32, 5);
        El2nListener twinEl2n = El2nListener.builder(twinIterator).atEpochs(1).build();
        ForgettingListener twinForgetting = ForgettingListener.builder(twinIterator).atEpochs(2)
                .store(twinEl2n.store()).build();
        EarlyPruningListener twinPruner = EarlyPruningListener.builder(twinIterator, twinEl2n).atEpoch(1).keep(0.5)
                .build();
        Counted twinCounted = new Counted();
        MultiLayerNetwork twin = point.loadMultiLayerNetwork();
        twin.setListeners(new Holder("holder-b", twinCounted, twinEl2n), twinPruner, twinForgetting,
                new Holder("holder-a", twinCounted, twinIterator));
        Counted otherVersion = new Counted();
        otherVersion.readsTooMuch = true;
        MultiLayerNetwork refused = point.loadMultiLayerNetwork();
        refused.setListeners(twinPruner, twinForgetting, new Holder("holder-a", otherVersion, twinIterator),
                new Holder("holder-b"));
        assertThatThrownBy(() -> point.restore(refused)).isInstanceOf(IOException.class)
                .hasMessageMatching("restoring counted from .*checkpoint_1_datadiet.state failed: its saved state is"
                        + " shorter than it reads: it was saved by another version");
        Resumed at = point.restore(twin, twinCounted);
        assertThat(at.epochsCompleted()).isEqualTo(2);
        assertThat(twinCounted.writes).isEqualTo(2);
        assertThat(twinPruner.decision().kept()).hasSize(50).containsExactly(pruner.decision().kept());
        assertThat(twinIterator.visiting()).containsExactly(iterator.visiting()).hasSize(50);
        assertThat(twinEl2n.store().column("el2n").means()).containsExactly(el2n.store().column("el2n").means());
        assertThat(twinForgetting.tracker().scores()).containsExactly(forgetting.tracker().scores());
    }

    @Test
    void storesOfTheirOwnAreKeyedByTheirListenersWhateverTheOrder() throws IOException {
        File checkpoints = newDirectory("own");
        ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
        El2nListener el2n = El2nListener.builder(examples).atEpochs(1).build();
        ForgettingListener forgetting = ForgettingListener.builder(iterator).atEpochs(2).build();
        MultiLayerNetwork model = TestNets.mlp(8, 3, 77, 0.0);
        model.setListeners(el2n, forgetting, ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints)
                .build());
        model.fit(iterator, 2);

        ResumePoint point = ResumePoints.latest(checkpoints).orElseThrow();
        assertThat(StateFile.keys(point.stateFile())).contains("scores(n=100)@{el2n@[1]}",
                "scores(n=100)@{forgetting@[2]}");
        ExampleIdIterator twinIterator = examples.shuffledIterator(32, 5);
        El2nListener twinEl2n = El2nListener.builder(examples).atEpochs(1).build();
        ForgettingListener twinForgetting = ForgettingListener.builder(twinIterator).atEpochs(2).build();
        MultiLayerNetwork twin = point.loadMultiLayerNetwork();
        twin.setListeners(twinForgetting, twinEl2n);
        point.restore(twin);
        assertThat(twinEl2n.store().column("el2n").means()).containsExactly(el2n.store().column("el2n").means());
        assertThat(twinForgetting.store().column("forgetting").means())
                .containsExactly(forgetting.store().column("forgetting").means());
        assertThat(twinEl2n.store().has("forgetting")).isFalse();
    }

    @Test
    void theNewestIntactCheckpointIsChosenAndOtherPartsAreRefusedByName() throws IOException {
        File checkpoints = newDirectory("cp");
        ExampleIdIterator iterator = examples.shuffledIterator(32, 5);
        El2nListener el2n = El2nListener.builder(iterator).atEpochs(1, 3).build();
        MultiLayerNetwork model = TestNets.mlp(8, 3, 77, 0.0);
        model.setListeners(el2n, ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints).build());
        model.fit(iterator, 3);
        assertThat(ResumePoints.latest(checkpoints).orElseThrow().checkpoint().getCheckpointNum()).isEqualTo(2);

        // a damaged newest state (a torn write) and a torn record line are passed over
        Files.write(checkpoints.toPath().resolve("checkpoint_2_datadiet.state"), new byte[] {1, 2, 3});
        Files.writeString(checkpoints.toPath().resolve("checkpointInfo.txt"), "3,17,tor", StandardOpenOption.APPEND);
        ResumePoint point = ResumePoints.latest(checkpoints).orElseThrow();
        assertThat(point.checkpoint().getCheckpointNum()).isEqualTo(1);

        MultiLayerNetwork unregistered = point.loadMultiLayerNetwork();
        assertThatThrownBy(() -> point.restore(unregistered)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds the state of [el2n@[1, 3], iterator(n=100,batch=32,seed=5),"
                        + " scores(n=100)], which nothing registered on the model has: register the listeners on the"
                        + " model");

        ExampleIdIterator twinIterator = examples.shuffledIterator(32, 5);
        MultiLayerNetwork otherEpochs = point.loadMultiLayerNetwork();
        otherEpochs.setListeners(El2nListener.builder(twinIterator).atEpochs(2).build());
        assertThatThrownBy(() -> point.restore(otherEpochs)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no state of [El2nListener el2n@[2]] but the state of [el2n@[1, 3]]");

        MultiLayerNetwork oneMore = point.loadMultiLayerNetwork();
        oneMore.setListeners(El2nListener.builder(twinIterator).atEpochs(1, 3).build(), new ResumeTest.LossTally());
        assertThatThrownBy(() -> point.restore(oneMore)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no state of [LossTally loss-tally]: the checkpoint was saved without it");
        assertThat(ResumePoints.latest(newDirectory("empty"))).isEmpty();
    }

    @Test
    void misuseIsRefusedWithTheFix() throws IOException {
        File checkpoints = newDirectory("misuse");
        ExampleIdIterator data = examples.shuffledIterator(32, 5);
        MultiLayerNetwork wrongDirectory = TestNets.mlp(8, 3, 77, 0.0);
        wrongDirectory.setListeners(ResumableCheckpointListener.builder(everyEpoch(newDirectory("elsewhere")),
                checkpoints).alsoSave(data).build());
        assertThatThrownBy(() -> wrongDirectory.fit(data, 1))
                .hasMessageContaining("the CheckpointListener saves into another directory than");

        MultiLayerNetwork notLast = TestNets.mlp(8, 3, 77, 0.0);
        notLast.setListeners(ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints).build(),
                El2nListener.builder(data).atEpochs(1).build());
        assertThatThrownBy(() -> notLast.fit(data, 1))
                .hasMessageStartingWith("register the ResumableCheckpointListener last: El2nListener comes after it");

        CheckpointListener twice = everyEpoch(checkpoints);
        MultiLayerNetwork both = TestNets.mlp(8, 3, 77, 0.0);
        both.setListeners(twice, ResumableCheckpointListener.builder(twice, checkpoints).build());
        assertThatThrownBy(() -> both.fit(data, 1))
                .hasMessageStartingWith("the CheckpointListener is registered on the model too");

        assertThatThrownBy(() -> ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints)
                .alsoSave(El2nListener.builder(examples).atEpochs(1).build().store(),
                        El2nListener.builder(examples).atEpochs(2).build().store()).build())
                .hasMessageStartingWith("two different parts share the state key scores(n=100) and no registered"
                        + " listener holds either");
        assertThatThrownBy(() -> ResumableCheckpointListener.builder(everyEpoch(checkpoints), checkpoints)
                .alsoSave((Resumable) null)).hasMessageStartingWith("a part to save is null");
    }
}
