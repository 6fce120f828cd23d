/**
 * <b>Internal, not API:</b> may change in any release; use {@code GrandListener} instead.
 * Exact per-example gradient norms (GraNd, Paul et al., NeurIPS 2021, §2) from one batched
 * forward and backward pass, by per-layer closed forms, and the brute-force per-example reference
 * they are checked against.
 */
package org.datadiet4j.internal.gradients;
