package org.datadiet4j.spark;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;
import org.datadiet4j.io.InvalidInputException;
import org.datadiet4j.listeners.El2nListener;

/**
 * The batches {@code datadiet score}'s listeners score in, for a job that reproduces their scores bit for
 * bit: EL2N in batches of {@value El2nListener#DEFAULT_BATCH_SIZE} ids, GraNd in batches of the size each
 * run's {@code GrandListener} chooses for its model ({@code scoringBatchSize()}: from its memory budget on the
 * exact path), all starting at id 0. A block of ids holds whole batches of every score and model: the least
 * common multiple of their sizes; each scoring task gets whole blocks, in id order.
 *
 * @param block        ids per block
 * @param grandBatches the GraNd batch of each run's model
 */
record AlignedBatches(int block, int[] grandBatches) implements Serializable {

    /** Largest block: rows a task holds at once (about 200 MB of features at 784 floats each). */
    static final int LARGEST_BLOCK = 1 << 16;

    /** The blocks for these GraNd batches (empty when GraNd is not scored). */
    static AlignedBatches of(int[] grandBatches) {
        BigInteger block = BigInteger.valueOf(El2nListener.DEFAULT_BATCH_SIZE);
        for (int batch : grandBatches) {
            BigInteger size = BigInteger.valueOf(batch);
            block = block.multiply(size).divide(block.gcd(size));
        }
        if (block.compareTo(BigInteger.valueOf(LARGEST_BLOCK)) > 0) {
            throw new InvalidInputException("--aligned-batches: the listeners score EL2N in batches of "
                    + El2nListener.DEFAULT_BATCH_SIZE + " and GraNd in batches of " + Arrays.toString(grandBatches)
                    + ", so whole batches of both need blocks of " + block + " examples, more than "
                    + LARGEST_BLOCK + ": score without --aligned-batches (equal up to float rounding)");
        }
        return new AlignedBatches(block.intValueExact(), grandBatches.clone());
    }

    /** The batch of {@code score} for run {@code run}. */
    int batch(String score, int run) {
        return score.equals("grand") ? grandBatches[run] : El2nListener.DEFAULT_BATCH_SIZE;
    }
}
