/**
 * <b>Internal, not API:</b> may change in any release; use {@code ResumableCheckpointListener}.
 * The state file written next to a DL4J model checkpoint, its primitive readers and writers, and
 * the ND4J random state that every scoring pass saves and restores so that it never changes training.
 */
package org.datadiet4j.internal.state;
