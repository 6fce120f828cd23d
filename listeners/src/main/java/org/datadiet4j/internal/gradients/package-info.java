/**
 * <b>Internal, not API:</b> may change in any release; use {@code GrandListener} and
 * {@code NtkVelocityListener} instead.
 * Exact per-example gradient norms (GraNd, Paul et al., NeurIPS 2021, §2) and the data-dependent NTK
 * (§4) from batched forward and backward passes, and the brute-force per-example reference they are
 * checked against. Who does what: {@link org.datadiet4j.internal.gradients.LayerKind} tells which
 * layers have closed forms; {@link org.datadiet4j.internal.gradients.GraphBackprop} runs the inference-mode
 * forward and backward passes over the graph of layers and vertices (vertices in
 * {@link org.datadiet4j.internal.gradients.VertexStep}, each layer by its kind in
 * {@link org.datadiet4j.internal.gradients.LayerSteps}: convolutions in
 * {@link org.datadiet4j.internal.gradients.ConvolutionStep}, {@link org.datadiet4j.internal.gradients.DepthwiseStep}
 * and {@link org.datadiet4j.internal.gradients.SeparableStep}, their geometry in
 * {@link org.datadiet4j.internal.gradients.ConvolutionGeometry}; layer normalisation in
 * {@link org.datadiet4j.internal.gradients.LayerNormStep}, embeddings in
 * {@link org.datadiet4j.internal.gradients.EmbeddingStep}, PReLU in
 * {@link org.datadiet4j.internal.gradients.PReluStep}) and hands each layer's per-example pieces
 * to a {@link org.datadiet4j.internal.gradients.ParameterGradients};
 * {@link org.datadiet4j.internal.gradients.ClosedForms} turns them into squared norms ({@link org.datadiet4j.internal.gradients.ExactGradientNorms}) and
 * {@link org.datadiet4j.internal.gradients.NeuralTangentKernel} into kernel blocks. Every pass runs in the
 * model's {@link org.datadiet4j.internal.scoring.ScoringContext}.
 */
package org.datadiet4j.internal.gradients;
