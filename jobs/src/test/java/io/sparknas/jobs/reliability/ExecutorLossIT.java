package io.sparknas.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.StandaloneCluster;
import io.sparknas.population.testing.StripesIdx;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One executor JVM of a real standalone cluster is killed (SIGKILL, by PID) while it trains a
 * candidate of the second generation: Spark runs the lost task again elsewhere, the search finishes,
 * and {@code evaluations} holds exactly one row per (canonical_key, evaluator, fidelity, seed) for
 * every candidate the run asked, none missing. Runs after {@code package}: it submits the assembly jar.
 */
@Tag("slow")
class ExecutorLossIT extends LocalSpark {
    private static final String RUN_ID = "executor-loss";
    private static final int BUDGET = 12;
    private static final int BATCH = 4;
    /** The executor's own log line (PopulationFrames) when a task starts training a candidate. */
    private static final Pattern EVALUATING = Pattern.compile(
            "evaluating (\\S+) \\(run " + RUN_ID + ", generation (\\d+)\\) on executor (\\S+)");

    @Test
    void anExecutorKilledMidGenerationLosesAndDuplicatesNoEvaluation(@TempDir Path dir) throws Exception {
        Path data = StripesIdx.write(Files.createDirectories(dir.resolve("stripes")), 600, 16, 3);
        Path store = dir.resolve("warehouse");
        Path summary = dir.resolve("summary.json");
        Path clusterDir = Files.createDirectories(SharedBenchmarks.repoRoot().resolve("jobs/target/executor-loss-it"));
        Path work = Files.createTempDirectory(clusterDir, "run-");
        StandaloneCluster cluster = StandaloneCluster.start(work, 2, 1, "1g");
        String killed;
        try (cluster) {
            List<String> args = StandaloneCluster.nasArguments("search", "--run-id", RUN_ID, "--summary-json", summary.toString());
            for (String set : List.of("store.path=\"" + store + "\"", "search.space=nb201", "search.strategy=random",
                    "search.evaluator=dl4j-train", "search.seed=4", "search.budget=" + BUDGET, "search.batch=" + BATCH,
                    "search.objectives=[\"val_acc:max\"]", "search.report=val_acc",
                    "evaluator.dl4j-train.folder=\"" + data + "\"", "evaluator.dl4j-train.subset=0",
                    "evaluator.dl4j-train.validation-fraction=0.25", "evaluator.dl4j-train.stem-channels=8",
                    "evaluator.dl4j-train.cells-per-stage=1", "evaluator.dl4j-train.batch-size=30",
                    "evaluator.dl4j-train.fidelities=[2]")) {
                args.addAll(List.of("--set", set));
            }
            Process submit = cluster.submit("submit", args, Map.of("SPARKNAS_HOME", SharedBenchmarks.repoRoot().toString()));

            // the first executor seen training a candidate of generation 1 (generation 0 is committed by then)
            Optional<Path> stderr = Optional.empty();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
            while (stderr.isEmpty()) {
                assertTrue(submit.isAlive(), "the search ended before generation 1 was evaluated:\n" + StandaloneCluster.tail(cluster.log("submit")));
                assertTrue(Instant.now().isBefore(deadline), "no executor trained generation 1 within 15 minutes");
                stderr = executorLogs(work).filter(log -> evaluating(log, 1).isPresent()).findFirst();
                Thread.sleep(100);
            }
            // work/worker-N-work/app-…/<executor id>/stderr: worker N launched that executor
            Path workerWork = stderr.get().getParent().getParent().getParent();
            int worker = Integer.parseInt(workerWork.getFileName().toString().replaceAll("\\D", ""));
            killed = evaluating(stderr.get(), 1).orElseThrow().group(3);
            List<ProcessHandle> executors = cluster.workers().get(worker - 1).children().filter(ProcessHandle::isAlive).toList();
            assertEquals(1, executors.size(), "worker " + worker + " runs one executor: " + executors);
            executors.get(0).destroyForcibly();
            executors.get(0).onExit().get();
            System.out.printf("killed executor %s (pid %d) of worker %d while it trained %s%n", killed,
                    executors.get(0).pid(), worker, evaluating(stderr.get(), 1).orElseThrow().group(1));

            assertTrue(submit.waitFor(20, java.util.concurrent.TimeUnit.MINUTES), "the search did not finish");
            assertEquals(0, submit.exitValue(), "spark-submit failed:\n" + StandaloneCluster.tail(cluster.log("submit")));
        }
        String driverLog = Files.readString(cluster.log("submit"));
        assertTrue(driverLog.contains("ExecutorLostFailure"), "a running task was lost with the executor:\n"
                + StandaloneCluster.tail(cluster.log("submit")));

        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(BUDGET, json.get("queries").asInt());
        ResultStore results = new ResultStore(spark(), store.toString());
        Row run = results.findRun(RUN_ID).orElseThrow();
        assertEquals(SearchJob.FINISHED, run.getString(run.fieldIndex(Columns.STATUS)));

        List<Row> rows = results.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo(RUN_ID)).collectAsList();
        Set<List<Object>> keys = rows.stream().map(r -> List.<Object>of(r.getAs(Columns.CANONICAL_KEY), r.getAs(Columns.EVALUATOR),
                r.getAs(Columns.FIDELITY), r.getAs(Columns.SEED))).collect(Collectors.toSet());
        assertEquals(rows.size(), keys.size(), "one row per (canonical_key, evaluator, fidelity, seed)");
        Set<String> asked = results.read(Tables.CANDIDATES).filter(col(Columns.FIRST_RUN_ID).equalTo(RUN_ID))
                .select(Columns.CANONICAL_KEY).as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
                .collect(Collectors.toSet());
        Set<String> evaluated = rows.stream().map(r -> r.<String>getAs(Columns.CANONICAL_KEY)).collect(Collectors.toSet());
        assertEquals(BUDGET, rows.size(), "every query is one row: " + rows);
        assertEquals(asked, evaluated, "every candidate the run asked has its evaluation");
        assertTrue(rows.stream().allMatch(r -> "OK".equals(r.getAs(Columns.STATUS))), rows.toString());
        Set<String> executors = rows.stream().map(r -> r.<String>getAs(Columns.EXECUTOR)).collect(Collectors.toSet());
        System.out.println("evaluations by executor: " + rows.stream().collect(Collectors.groupingBy(
                r -> r.<String>getAs(Columns.EXECUTOR), Collectors.counting())));
        assertTrue(executors.stream().noneMatch("driver"::equals), "evaluated on executors: " + executors);
        assertTrue(rows.stream().filter(r -> r.<String>getAs(Columns.EXECUTOR).equals(killed)).count() < BUDGET,
                "the killed executor " + killed + " did not evaluate everything: " + executors);
    }

    /** Every executor's stderr under the workers' work dirs. */
    private static Stream<Path> executorLogs(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).toList().stream();
        }
    }

    /** The log's latest line of a task training a candidate of {@code generation}, if any. */
    private static Optional<Matcher> evaluating(Path log, int generation) {
        try {
            Matcher last = null;
            Matcher m = EVALUATING.matcher(Files.readString(log));
            while (m.find()) {
                if (Integer.parseInt(m.group(2)) == generation) {
                    last = EVALUATING.matcher(m.group());
                    last.matches();
                }
            }
            return Optional.ofNullable(last);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
