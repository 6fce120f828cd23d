package com.example.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the one dependency line brings: the library, and none of the command line's dependencies. */
class ClasspathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "picocli.CommandLine",                       // the CLI's argument parser
        "org.jfree.chart.JFreeChart",                // the experiments' charts
        "org.apache.commons.csv.CSVFormat",          // the CLI's CSV reader
        "io.micrometer.prometheusmetrics.PrometheusMeterRegistry", // the CLI's endpoint
        "org.datadiet4j.cli.Datadiet"         // the application itself
    })
    void theApplicationsDependenciesAreNotOnTheClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theLibraryIsOneJar() throws Exception {
        String listeners = Class.forName("org.datadiet4j.listeners.El2nListener").getProtectionDomain()
                .getCodeSource().getLocation().getPath();
        for (String part : new String[] {"org.datadiet4j.pruning.EarlyPruningListener",
                "org.datadiet4j.metrics.DatadietMetrics", "org.datadiet4j.resume.ResumableCheckpointListener"}) {
            assertThat(Class.forName(part).getProtectionDomain().getCodeSource().getLocation().getPath())
                    .isEqualTo(listeners).contains("datadiet4j-listeners");
        }
    }
}
