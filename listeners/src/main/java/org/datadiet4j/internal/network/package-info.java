/**
 * <b>Internal, not API:</b> may change in any release.
 * The one place that tells a {@code MultiLayerNetwork} from a {@code ComputationGraph}
 * ({@link org.datadiet4j.internal.network.NetworkView}): training counters and listeners, the output
 * layer and its input, the graph of layers and vertices ({@link org.datadiet4j.internal.network.LayerGraph}),
 * inference-mode outputs and gradients.
 */
package org.datadiet4j.internal.network;
