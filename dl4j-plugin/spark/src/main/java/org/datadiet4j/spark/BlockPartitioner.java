package org.datadiet4j.spark;

import org.apache.spark.Partitioner;

/**
 * Sends every id of one block of {@code block} consecutive ids (0..block-1, block..2·block-1, …) to the same
 * partition, blocks spread over the partitions in turn: the partitioning under which each scoring task sees
 * whole listener batches.
 */
final class BlockPartitioner extends Partitioner {

    private final int partitions;
    private final int block;

    BlockPartitioner(int partitions, int block) {
        this.partitions = partitions;
        this.block = block;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (int) (((Integer) key / block) % partitions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockPartitioner that && that.partitions == partitions && that.block == block;
    }

    @Override
    public int hashCode() {
        return 31 * partitions + block;
    }
}
