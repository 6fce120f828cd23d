/**
 * Resume exactly: {@link org.datadiet4j.resume.ResumableCheckpointListener} saves, beside DL4J's model
 * checkpoints, the state of every {@link org.datadiet4j.resume.Resumable} listener registered on the
 * model and of the iterators and score stores they hold, found by itself;
 * {@link org.datadiet4j.resume.ResumePoints#latest} finds the newest intact checkpoint and
 * {@link org.datadiet4j.resume.ResumePoint#restore} puts the state back, so that a job killed at any
 * point and restarted continues bit-identically.
 */
package org.datadiet4j.resume;
