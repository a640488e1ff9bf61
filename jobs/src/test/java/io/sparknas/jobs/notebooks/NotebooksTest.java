package io.sparknas.jobs.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.QuickstartStore;
import io.sparknas.jobs.testing.SearchedStore;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI runs every notebook in notebooks/ on the Java kernel, headlessly (bin/lib/run_notebooks.py,
 * /usr/bin/python3 with Debian's nbclient), against two stores real short searches just wrote: an NB201 tabular
 * store ({@link SearchedStore}) and a quickstart store (Fashion-MNIST training, metric {@code val_acc},
 * {@link QuickstartStore}). A failing cell fails the build, and what the notebooks print is checked against the
 * store: each run's best objective, read by the notebooks through the views, is the one its evaluations hold. The
 * executed notebooks, each kernel's output and the execution log stay in jobs/target/notebooks/&lt;store&gt;.
 */
@Tag("slow")
class NotebooksTest extends LocalSpark {
    private static final long TIMEOUT_MIN = 45;
    private static final String EXPLORE = "explore-results.ipynb";
    private static final String HARDWARE = "hardware-costs.ipynb";
    private static final String PREDICTOR = "predictor-quality.ipynb";
    /** explore-results' line per run, e.g. "run so: best cifar10_valid_val_acc (max) = 90.132; ...". */
    private static final Pattern BEST = Pattern.compile("run (\\S+): best (\\S+) \\((max|min)\\) = ([^;]+);");
    /** predictor-quality's fewest architectures it cross-validates a predictor on. */
    private static final int FEWEST = 6;

    @Test
    void everyNotebookRunsToTheEndOnAnNb201Store() throws Exception {
        Path store = SearchedStore.path();
        Map<String, String> outputs = runAll("nb201", store);

        String objective = "cifar10_valid_val_acc";
        assertEquals(Map.of(SearchedStore.SINGLE, objective, SearchedStore.MULTI, objective), objectives(outputs.get(EXPLORE)));
        assertBestIsTheStores(outputs.get(EXPLORE), store, Map.of(SearchedStore.SINGLE, objective, SearchedStore.MULTI, objective));
        for (String notebook : List.of(EXPLORE, HARDWARE, PREDICTOR)) {
            assertTrue(outputs.get(notebook).contains("image/png"), notebook + " displays at least one plot");
        }
        assertTrue(outputs.get(HARDWARE).contains("match the cost model of the run that first asked each"), outputs.get(HARDWARE));
        assertTrue(outputs.get(PREDICTOR).contains("ground truth: " + objective + " in the tables run " + SearchedStore.SINGLE),
                "the NB201 ground-truth sections ran on the tables of the tabular run");
        assertTrue(outputs.get(PREDICTOR).contains("cross-validation on the store's " + architectures(store)
                + " architectures (" + objective + " of nb201 by tabular at 200ep"), outputs.get(PREDICTOR));
    }

    @Test
    void everyNotebookRunsToTheEndOnTheQuickstartStore() throws Exception {
        Path store = QuickstartStore.path();
        Map<String, String> outputs = runAll("quickstart", store);

        Map<String, String> objectives = Map.of(QuickstartStore.RUN, QuickstartStore.OBJECTIVE);
        assertEquals(objectives, objectives(outputs.get(EXPLORE)), "the quickstart run's own objective, not an NB201 column");
        assertBestIsTheStores(outputs.get(EXPLORE), store, objectives);
        assertTrue(outputs.get(EXPLORE).contains("image/png") && outputs.get(HARDWARE).contains("image/png"), "plots");
        assertTrue(outputs.get(HARDWARE).contains("match the cost model of the run that first asked each"), outputs.get(HARDWARE));
        assertTrue(outputs.get(HARDWARE).contains("this store has no measured latency"), outputs.get(HARDWARE));
        assertTrue(outputs.get(PREDICTOR).contains("this store has no trained predictor"), outputs.get(PREDICTOR));
        assertTrue(outputs.get(PREDICTOR).contains("this store has no tabular NB201 run"), outputs.get(PREDICTOR));
        assertFalse(outputs.get(PREDICTOR).contains("ground truth: "), "no NB201 ground truth for a Fashion-MNIST store");
        long architectures = architectures(store);
        String own = QuickstartStore.OBJECTIVE + " of nb201 by dl4j-train at 1ep";
        if (architectures >= FEWEST) {
            assertTrue(outputs.get(PREDICTOR).contains("cross-validation on the store's " + architectures + " architectures (" + own)
                    && outputs.get(PREDICTOR).contains("image/png"), outputs.get(PREDICTOR));
        } else {
            assertTrue(outputs.get(PREDICTOR).contains("the store has " + architectures + " architectures with " + own + ": too few"),
                    outputs.get(PREDICTOR));
        }
    }

    /**
     * Runs every notebook against {@code store}; each must run every cell without an error.
     *
     * @return each notebook's executed JSON, by file name
     */
    private static Map<String, String> runAll(String name, Path store) throws Exception {
        Path root = Path.of(System.getProperty("sparknas.repo.root", "..")).toAbsolutePath().normalize();
        Path kernel = Path.of("target", "notebook-kernel").toAbsolutePath();
        Path out = Path.of("target", "notebooks", name).toAbsolutePath();
        org.apache.commons.io.FileUtils.deleteDirectory(out.toFile());
        Files.createDirectories(out);
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(root.resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(List.of(EXPLORE, HARDWARE, PREDICTOR), notebooks.stream().map(p -> p.getFileName().toString()).toList());

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
        System.out.printf("notebooks on the %s store ran in %.0f s; log %s%n%s", name, (System.nanoTime() - started) / 1e9,
                out.resolve("execution.log"), log);
        assertEquals(0, runner.exitValue(), "runner failed; log " + out.resolve("execution.log") + ":\n" + log);

        Map<String, String> executed = new TreeMap<>();
        for (Path notebook : notebooks) {
            String file = notebook.getFileName().toString();
            JsonNode json = new ObjectMapper().readTree(out.resolve(file).toFile());
            int code = 0;
            for (JsonNode cell : json.get("cells")) {
                if (!"code".equals(cell.get("cell_type").asText())) {
                    continue;
                }
                code++;
                assertTrue(cell.get("execution_count").isInt(), name + " store, " + file + ": a cell was not executed: " + cell);
                for (JsonNode output : cell.get("outputs")) {
                    assertTrue(!"error".equals(output.get("output_type").asText()), name + " store, " + file + ": " + output);
                }
            }
            assertTrue(code >= 4, file + " has its cells");
            executed.put(file, outputText(json));
        }
        return executed;
    }

    /** Everything the notebook's cells printed or showed, as one string (images as their MIME type only). */
    private static String outputText(JsonNode notebook) {
        StringBuilder text = new StringBuilder();
        for (JsonNode cell : notebook.get("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                output.path("text").forEach(line -> text.append(line.asText()));
                output.path("data").fields().forEachRemaining(data -> {
                    if (data.getKey().startsWith("image/")) {
                        text.append(data.getKey()).append('\n');
                    } else {
                        data.getValue().forEach(line -> text.append(line.asText()));
                        text.append('\n');
                    }
                });
            }
        }
        return text.toString();
    }

    /** The objective explore-results printed for each run. */
    private static Map<String, String> objectives(String explore) {
        Map<String, String> objectives = new TreeMap<>();
        Matcher m = BEST.matcher(explore);
        while (m.find()) {
            objectives.put(m.group(1), m.group(2));
        }
        return objectives;
    }

    /**
     * explore-results printed each run's best objective value equal to the best of the run's own successful
     * evaluations in the store (the objective averaged over each architecture's evaluations, maximised).
     */
    private static void assertBestIsTheStores(String explore, Path store, Map<String, String> objectives) {
        Matcher m = BEST.matcher(explore);
        int runs = 0;
        while (m.find()) {
            String run = m.group(1);
            assertEquals("max", m.group(3), run);
            Row best = new ResultStore(spark(), store.toString()).read(Tables.EVALUATIONS)
                    .filter(col(Columns.RUN_ID).equalTo(run).and(col(Columns.STATUS).equalTo("OK")))
                    .groupBy(Columns.CANONICAL_KEY).agg(avg(col(Columns.METRICS).getItem(objectives.get(run))).as("value"))
                    .agg(max("value").as("best")).first();
            assertFalse(best.isNullAt(0), run + ": the store holds no " + objectives.get(run));
            double printed;
            try {
                printed = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                throw new AssertionError("run " + run + ": explore-results printed best " + m.group(4), e);
            }
            assertEquals(best.getDouble(0), printed, 1e-9, "run " + run + "'s best " + objectives.get(run));
            runs++;
        }
        assertEquals(objectives.size(), runs, "explore-results printed a best for every run:\n" + explore);
    }

    /** Architectures the store evaluated successfully (the notebooks' stores have one space, evaluator and fidelity). */
    private static long architectures(Path store) {
        return new ResultStore(spark(), store.toString()).read(Tables.EVALUATIONS).filter(col(Columns.STATUS).equalTo("OK"))
                .select(Columns.CANONICAL_KEY).distinct().count();
    }
}
