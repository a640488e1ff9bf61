package io.sparknas.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.StripesIdx;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Airflow double trigger: two drivers (JVMs of their own) run {@code search --run-id same} on one
 * store, started 3 s apart, training with DL4J on the stripes set. The run lease lets exactly one do the
 * run: the other exits 2 with one line naming the holder, and every Delta commit that wrote evaluations
 * or checkpoints carries the holder's owner string in commitInfo.userMetadata.
 */
@Tag("slow")
class DoubleTriggerIT extends LocalSpark {
    private static final String RUN = "same";
    private static final int BUDGET = 4;
    /** The loser's whole error line (the bad-input catalogue's format). */
    private static final Pattern HELD = Pattern.compile("sparknas: run " + RUN + " is held by ((\\S+)/(\\d+)/(\\p{XDigit}+)) until "
            + "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ) \\(another process is running it\\); wait for it \\(search\\.lease\\.wait-s\\), "
            + "or re-run after the lease lapses");

    private static List<String> search(Path store, Path data, Path summary) {
        List<String> args = new ArrayList<>(List.of("search", "--run-id", RUN, "--summary-json", summary.toString()));
        for (String set : List.of("store.path=\"" + store + "\"", "spark.master=\"local[2]\"", "search.space=nb201",
                "search.strategy=random", "search.evaluator=dl4j-train", "search.seed=4", "search.budget=" + BUDGET,
                "search.batch=2", "search.objectives=[\"val_acc:max\"]", "search.report=val_acc",
                "evaluator.dl4j-train.folder=\"" + data + "\"", "evaluator.dl4j-train.subset=0",
                "evaluator.dl4j-train.validation-fraction=0.25", "evaluator.dl4j-train.stem-channels=4",
                "evaluator.dl4j-train.cells-per-stage=1", "evaluator.dl4j-train.batch-size=30",
                "evaluator.dl4j-train.fidelities=[1]")) {
            args.addAll(List.of("--set", set));
        }
        return args;
    }

    @Test
    void oneOfTwoDriversWithOneRunIdDoesTheRunAndTheOtherIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path data = StripesIdx.write(Files.createDirectories(dir.resolve("stripes")), 120, 12, 5);
        Path store = dir.resolve("store");
        List<Path> logs = List.of(dir.resolve("first.log"), dir.resolve("second.log"));
        List<Path> summaries = List.of(dir.resolve("first.json"), dir.resolve("second.json"));
        List<Process> drivers = new ArrayList<>();
        drivers.add(ChildJvm.nas(logs.get(0), search(store, data, summaries.get(0))));
        Thread.sleep(3_000);
        drivers.add(ChildJvm.nas(logs.get(1), search(store, data, summaries.get(1))));
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            codes.add(ChildJvm.finish(drivers.get(i), logs.get(i), Duration.ofMinutes(10)));
        }
        System.out.println("exit codes (first, second): " + codes);
        assertTrue(codes.contains(0) && codes.contains(2), "one exits 0, the other 2: " + codes + "\nfirst:\n"
                + ChildJvm.tail(logs.get(0)) + "\nsecond:\n" + ChildJvm.tail(logs.get(1)));
        int winner = codes.indexOf(0);
        int loser = 1 - winner;

        // the loser: one line naming the winner's process (this host, the winner's pid) and when its lease lapses
        List<String> errors = lines(logs.get(loser)).filter(l -> l.startsWith("sparknas: ")).toList();
        assertEquals(1, errors.size(), "one error line: " + errors);
        System.out.println("the loser (" + (loser == 0 ? "first" : "second") + ") said: " + errors.get(0));
        Matcher held = HELD.matcher(errors.get(0));
        assertTrue(held.matches(), errors.get(0));
        String owner = held.group(1);
        assertEquals(drivers.get(winner).pid(), Long.parseLong(held.group(3)), "the holder is the winner's pid: " + owner);
        assertEquals(java.net.InetAddress.getLocalHost().getHostName(), held.group(2));
        assertTrue(lines(logs.get(winner)).anyMatch(l -> l.contains("run " + RUN + ": lease held by " + owner + " until ")),
                "the winner logged taking the lease as " + owner);
        assertFalse(Files.exists(summaries.get(loser)), "the loser wrote no summary");
        JsonNode summary = new ObjectMapper().readTree(summaries.get(winner).toFile());
        assertEquals(BUDGET, summary.get("queries").asInt());

        // every commit of evaluations and checkpoints but the table's creation (which adds no file) is the winner's
        int generations = summary.get("generations").asInt();
        for (Tables table : List.of(Tables.EVALUATIONS, Tables.CHECKPOINTS)) {
            List<Commit> commits = commits(store.resolve(table.tableName()));
            for (Commit commit : commits) {
                if (commit.info().get("operation").asText().startsWith("CREATE")) {
                    assertEquals(0, commit.addedFiles(), table + ": the creation writes no rows: " + commit);
                } else {
                    assertEquals(owner, commit.info().path("userMetadata").asText(null), table + ": commit by the winner: " + commit);
                }
            }
            assertEquals(generations, commits.stream().filter(c -> c.addedFiles() > 0).count(),
                    table + ": one commit with rows per generation: " + commits);
        }

        ResultStore results = new ResultStore(spark(), store.toString());
        List<Row> evaluations = results.read(Tables.EVALUATIONS).collectAsList();
        assertEquals(BUDGET, evaluations.size(), "one row per query: " + evaluations);
        Set<List<Object>> keys = evaluations.stream().map(r -> List.<Object>of(r.getAs(Columns.CANONICAL_KEY),
                r.getAs(Columns.EVALUATOR), r.getAs(Columns.FIDELITY), r.getAs(Columns.SEED))).collect(Collectors.toSet());
        assertEquals(BUDGET, keys.size(), "no evaluation key twice");
        assertEquals(BUDGET, evaluations.stream().map(r -> r.<String>getAs(Columns.CANONICAL_KEY)).distinct().count());
        assertTrue(evaluations.stream().allMatch(r -> RUN.equals(r.getAs(Columns.RUN_ID))), evaluations.toString());
        assertEquals(List.of(0, 1), results.read(Tables.CHECKPOINTS).orderBy(Columns.GENERATION).select(Columns.GENERATION)
                .collectAsList().stream().map(r -> r.getInt(0)).toList());
        Row run = results.findRun(RUN).orElseThrow();
        assertEquals("FINISHED", run.getString(run.fieldIndex(Columns.STATUS)));
        assertNull(run.getString(run.fieldIndex(Columns.LEASE_OWNER)), "the finished run holds no lease");
        assertEquals(1, results.read(Tables.RUNS).filter(col(Columns.RUN_ID).equalTo(RUN)).count());
    }

    private static Stream<String> lines(Path log) throws IOException {
        return Files.readAllLines(log).stream();
    }

    /** One Delta commit: its commitInfo and how many data files it added. */
    private record Commit(JsonNode info, int addedFiles) {
    }

    /** Every commit of a Delta table in version order, read from its _delta_log. */
    private static List<Commit> commits(Path table) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Commit> commits = new ArrayList<>();
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList()) {
                JsonNode info = null;
                int added = 0;
                for (String line : Files.readAllLines(file)) {
                    JsonNode action = json.readTree(line);
                    if (action.has("commitInfo")) {
                        info = action.get("commitInfo");
                    }
                    added += action.has("add") ? 1 : 0;
                }
                assertTrue(info != null, file + " has a commitInfo");
                commits.add(new Commit(info, added));
            }
        }
        assertFalse(commits.isEmpty(), table + " has commits");
        return commits;
    }
}
