/**
 * Training examples with stable identities: an in-memory example set whose ids are positions
 * 0..N-1, and the id-stamping iterator that tells listeners which example ids are in the batch
 * that {@code fit} is fitting right now, prefetching and shuffling included.
 */
package org.datadiet4j.data;
