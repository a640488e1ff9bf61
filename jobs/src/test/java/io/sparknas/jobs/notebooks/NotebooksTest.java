package io.sparknas.jobs.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.testing.SearchedStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI runs every notebook in notebooks/ on the Java kernel, headlessly (bin/lib/run_notebooks.py,
 * /usr/bin/python3 with Debian's nbclient), against the tables a real short search just wrote; a
 * failing cell fails the build. The executed notebooks, each kernel's output and the execution
 * log stay in jobs/target/notebooks.
 */
@Tag("slow")
class NotebooksTest {
    private static final long TIMEOUT_MIN = 45;

    @Test
    void everyNotebookRunsToTheEndAgainstAFreshStore() throws Exception {
        Path root = Path.of(System.getProperty("sparknas.repo.root", "..")).toAbsolutePath().normalize();
        Path kernel = Path.of("target", "notebook-kernel").toAbsolutePath();
        Path out = Path.of("target", "notebooks").toAbsolutePath();
        org.apache.commons.io.FileUtils.deleteDirectory(out.toFile());
        Files.createDirectories(out);
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(root.resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 3, "notebooks: " + notebooks);
        Path store = SearchedStore.path();

        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(kernel.resolve("classpath.txt")).strip();
        String flags = System.getProperty("sparknas.jvm.flags", "");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", root.resolve("bin/lib/run_notebooks.py").toString(),
                "--kernel-jar", kernel.resolve("rapaio-jupyter-kernel.jar").toString(), "--classpath", classpath,
                "--jvm-flags", flags, "--log-config", root.resolve("conf/log4j2.properties").toString(),
                "--out", out.toString(), "--log", out.resolve("execution.log").toString()));
        notebooks.forEach(n -> command.add(n.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("runner.out").toFile());
        builder.environment().put("SPARKNAS_STORE", store.toString());
        builder.environment().put("SPARKNAS_HOME", root.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long started = System.nanoTime();
        Process runner = builder.start();
        if (!runner.waitFor(TIMEOUT_MIN, TimeUnit.MINUTES)) {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
            throw new AssertionError("notebooks did not finish within " + TIMEOUT_MIN + " min; log: " + out.resolve("execution.log"));
        }
        String log = Files.readString(out.resolve("execution.log"), StandardCharsets.UTF_8);
        System.out.printf("notebooks ran in %.0f s; log %s%n%s", (System.nanoTime() - started) / 1e9, out.resolve("execution.log"), log);
        assertEquals(0, runner.exitValue(), "runner failed; log " + out.resolve("execution.log") + ":\n" + log);

        for (Path notebook : notebooks) {
            JsonNode executed = new ObjectMapper().readTree(out.resolve(notebook.getFileName()).toFile());
            int code = 0;
            for (JsonNode cell : executed.get("cells")) {
                if (!"code".equals(cell.get("cell_type").asText())) {
                    continue;
                }
                code++;
                assertTrue(cell.get("execution_count").isInt(), notebook.getFileName() + ": a cell was not executed: " + cell);
                for (JsonNode output : cell.get("outputs")) {
                    assertTrue(!"error".equals(output.get("output_type").asText()), notebook.getFileName() + ": " + output);
                }
            }
            assertTrue(code >= 4, notebook.getFileName() + " has its cells");
            String text = executed.toString();
            assertTrue(text.contains("image/png") , notebook.getFileName() + " displays at least one plot");
        }
    }
}
