/**
 * <b>Internal, not API:</b> may change in any release. Seeded random choices of example ids, the
 * same on every run and platform.
 */
package org.datadiet4j.internal.sampling;
