/**
 * DL4J {@code TrainingListener}s that compute per-example scores inside the user's own
 * {@code fit} loop, for {@code MultiLayerNetwork} and {@code ComputationGraph}, without
 * changing training.
 */
package org.datadiet4j.listeners;
