package org.datadiet4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of README.md and docs/ is compiled and run: each is marked
 * {@code <!-- snippet: NAME -->} and must appear verbatim (imports among the file's imports, the rest as
 * the region {@code // snippet: NAME} … {@code // end snippet}, indentation aside) in the user-shaped
 * job under {@code src/it/user-job}, which the invoker builds against the listeners artifact alone.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path USER_JOB = ROOT.resolve("integration-tests/src/it/user-job/src/test/java");
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "(<!-- snippet: ([\\w-]+) -->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile(
            "\\n([ \\t]*)// snippet: ([\\w-]+)\\n(.*?)\\n[ \\t]*// end snippet", Pattern.DOTALL);

    private record Source(String imports, String region) {
    }

    @Test
    void everyJavaSnippetOfTheDocsIsCompiledInTheUserJob() throws IOException {
        Map<String, Source> regions = regions();
        List<String> docs = docs();
        assertThat(docs).contains("README.md");
        int snippets = 0;
        for (String doc : docs) {
            Matcher block = MARKED_BLOCK.matcher(Files.readString(ROOT.resolve(doc)));
            while (block.find()) {
                String name = block.group(2);
                assertThat(name).as("a ```java block in %s has no <!-- snippet: NAME --> marker above it", doc)
                        .isNotNull();
                Source source = regions.get(name);
                assertThat(source).as("snippet '%s' of %s has no region in %s", name, doc, USER_JOB).isNotNull();
                List<String> code = new ArrayList<>();
                for (String line : block.group(3).split("\n")) {
                    if (line.startsWith("import ")) {
                        assertThat(source.imports()).as("snippet '%s' of %s", name, doc).contains(line);
                    } else {
                        code.add(line);
                    }
                }
                assertThat(trimmed(String.join("\n", code))).as("snippet '%s' of %s", name, doc)
                        .isEqualTo(trimmed(source.region()));
                snippets++;
            }
        }
        assertThat(snippets).isGreaterThanOrEqualTo(regions.size());
    }

    /** The regions of the user job's sources by name, with the imports of their file. */
    private static Map<String, Source> regions() throws IOException {
        Map<String, Source> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(USER_JOB)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                StringBuilder imports = new StringBuilder();
                text.lines().filter(l -> l.startsWith("import ")).forEach(l -> imports.append(l).append('\n'));
                Matcher region = REGION.matcher(text);
                while (region.find()) {
                    String indent = region.group(1);
                    String body = region.group(3).lines()
                            .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip())
                            .reduce((a, b) -> a + "\n" + b).orElse("");
                    assertThat(regions.put(region.group(2), new Source(imports.toString(), body)))
                            .as("region '%s' twice", region.group(2)).isNull();
                }
            }
        }
        assertThat(regions).isNotEmpty();
        return regions;
    }

    private static List<String> docs() throws IOException {
        List<String> docs = new ArrayList<>(List.of("README.md"));
        Path dir = ROOT.resolve("docs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted()
                        .forEach(f -> docs.add(ROOT.relativize(f).toString()));
            }
        }
        return docs;
    }

    /** Trailing blanks and blank lines at either end do not count. */
    private static String trimmed(String code) {
        return code.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }
}
