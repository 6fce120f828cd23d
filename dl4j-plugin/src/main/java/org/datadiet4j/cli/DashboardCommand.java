package org.datadiet4j.cli;

import java.util.concurrent.Callable;
import org.datadiet4j.prometheus.GrafanaDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code datadiet dashboard}: prints the Grafana dashboard JSON, to import in Grafana. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Print the Grafana dashboard for datadiet's Prometheus metrics (import it in Grafana).")
final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(GrafanaDashboard.json());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
