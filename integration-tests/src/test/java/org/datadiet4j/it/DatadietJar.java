package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code datadiet.jar} as a separate JVM, the way a user runs it. */
final class DatadietJar {

    /** Exit status and output of one run. */
    record Run(int status, String out, String err, double seconds) {
    }

    private DatadietJar() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("datadiet.jar", "../dl4j-plugin/target/datadiet.jar"));
        assertThat(jar).as("build the jar first: mvn -DskipTests package").isRegularFile();
        return jar.toAbsolutePath();
    }

    /** The java of this JVM running {@code arguments}. */
    static List<String> java(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /** Starts the jar and returns at once, output discarded: for tests that stop it themselves. */
    static Process start(Path workingDirectory, String... args) throws IOException {
        List<String> command = java("-jar", jar().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static Run run(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = java("-jar", jar().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("datadiet-out", ".txt");
        Path err = Files.createTempFile("datadiet-err", ".txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("datadiet " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err), seconds);
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
