/** The reference networks of the command line and the experiments: an MLP and LeNet. */
package org.datadiet4j.models;
