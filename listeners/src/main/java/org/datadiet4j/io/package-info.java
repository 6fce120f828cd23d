/** File output that never leaves a half-written file behind. */
package org.datadiet4j.io;
