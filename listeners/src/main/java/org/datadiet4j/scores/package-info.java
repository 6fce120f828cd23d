/**
 * Per-example scores as pure functions (EL2N, ...), their aggregation over independent runs,
 * and the score table file. Nothing here depends on how a model is trained.
 */
package org.datadiet4j.scores;
