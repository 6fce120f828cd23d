/**
 * The {@code datadiet} command line (picocli): {@code demo}, {@code score}. Exit status 0 on
 * success, 2 on bad input (one line on stderr naming the problem and the fix), 1 on an internal
 * error.
 */
package org.datadiet4j.cli;
