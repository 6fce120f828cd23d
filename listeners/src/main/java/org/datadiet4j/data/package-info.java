/**
 * Training examples with stable identities, as training sees them: {@link org.datadiet4j.data.ExampleSource}
 * (what every scoring pass reads: ids 0..N-1, labels as class indices, batches with the training
 * preprocessor applied), in-memory {@link org.datadiet4j.data.Examples}, and the id-stamping iterators
 * that tell listeners which example ids are in the batch {@code fit} is fitting right now: over
 * in-memory examples (shuffled per epoch) or wrapping a user's own {@code DataSetIterator}
 * ({@link org.datadiet4j.data.ExampleIds#wrap}: a DataVec job with its normaliser, streamed every pass,
 * never collected). Both can be pruned to a keep-set inside one {@code fit} call.
 */
package org.datadiet4j.data;
