package org.datadiet4j.data;

/** Where a pass over a user's iterator is: rows and batches read, a digest of their ids, whether it ended. */
final class StreamCursor {
    int position;
    int batches;
    long digest;
    boolean done;
}
