/**
 * Resume exactly: {@link org.datadiet4j.resume.ResumableCheckpointListener} saves the state of every
 * {@link org.datadiet4j.resume.Resumable} listener, iterator and score store beside DL4J's model
 * checkpoints, so that a job killed at any point and restarted continues bit-identically.
 */
package org.datadiet4j.resume;
