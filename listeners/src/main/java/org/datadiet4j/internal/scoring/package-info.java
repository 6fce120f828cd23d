/**
 * <b>Internal, not API:</b> may change in any release.
 * The one context every scoring pass runs in ({@link org.datadiet4j.internal.scoring.ScoringContext}):
 * examples as training sees them, inference mode, ND4J's random state and the network's current input
 * put back, its own workspace scope, so that scoring never changes training.
 */
package org.datadiet4j.internal.scoring;
