package org.datadiet4j.cli;

import java.nio.file.Path;
import org.datadiet4j.io.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code --checkpoints DIR [--checkpoint-every N]}, shared by the commands whose training can resume. */
final class CheckpointOptions {

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "Save a DL4J checkpoint with the listeners' state every epoch in DIR, and resume from the"
                    + " newest one there if the job was stopped; the resumed job ends as an uninterrupted one would.")
    Path checkpoints;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
            description = "With --checkpoints, also checkpoint every N training iterations (default: epochs only).")
    int checkpointEvery;

    /** True when {@code --checkpoints} is given. */
    boolean requested() {
        return checkpoints != null;
    }

    /** The checkpoint directory of a job with these settings; null without {@code --checkpoints}. */
    CheckpointDirectory directory(String settings) {
        if (checkpoints == null) {
            if (checkpointEvery != 0) {
                throw new InvalidInputException("--checkpoint-every needs --checkpoints DIR");
            }
            return null;
        }
        return CheckpointDirectory.open(checkpoints, settings, checkpointEvery);
    }
}
