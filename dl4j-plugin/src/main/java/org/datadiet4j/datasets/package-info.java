/**
 * Readers that turn files into {@link org.datadiet4j.data.Examples} whose ids are positions in the
 * file: IDX (Fashion-MNIST and MNIST-style files, plain or gzip) and CSV (one row per example).
 */
package org.datadiet4j.datasets;
