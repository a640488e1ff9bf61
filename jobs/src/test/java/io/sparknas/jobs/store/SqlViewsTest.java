package io.sparknas.jobs.store;

import io.sparknas.jobs.testing.Tags;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL catalog and views over the tables of one real short search (NB201 tabular, 20 evaluations). */
@Tag("slow")
@Tag(Tags.SPARK_35)
class SqlViewsTest extends LocalSpark {
    private static final String RUN = "sql-views";
    private static final int BUDGET = 20;
    private static final Pattern README_QUERY = Pattern.compile("^bin/nas sql \"(.*)\"$");

    @TempDir
    static Path dir;

    @BeforeAll
    static void search() {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + dir.resolve("store") + "\"", "search.budget=" + BUDGET, "search.batch=10",
                "search.seed=3"));
        new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, sets), RUN);
        new ResultStore(spark(), dir.resolve("store").toString()).registerViews();
    }

    @Test
    void leaderboardRanksTheRunsEvaluationsByItsObjectiveWithMetricsFlattened() {
        List<Row> board = spark().sql("SELECT * FROM sparknas.leaderboard WHERE run_id = '" + RUN + "' ORDER BY rank").collectAsList();
        assertEquals(BUDGET, board.size(), "one row per evaluated architecture");
        double best = spark().sql("SELECT max(metrics['cifar10_valid_val_acc']) FROM sparknas.evaluations WHERE run_id = '"
                + RUN + "'").first().getDouble(0);
        Row first = board.get(0);
        assertEquals(1, first.<Integer>getAs("rank"));
        assertEquals("cifar10_valid_val_acc", first.getAs("objective"));
        assertEquals(best, first.<Double>getAs("objective_value"), 1e-9);
        assertEquals(first.<Double>getAs("objective_value"), first.<Double>getAs("cifar10_valid_val_acc"), 1e-9,
                "the flattened metric column equals the objective value");
        assertTrue(first.<Double>getAs("report_value") > 80, "NB201 test accuracy of the best: " + first.getAs("report_value"));
        for (int i = 1; i < board.size(); i++) {
            assertTrue(board.get(i).<Double>getAs("objective_value") <= board.get(i - 1).<Double>getAs("objective_value"));
        }
    }

    @Test
    void runProgressCountsEvaluationsAndKeepsTheBestSoFar() {
        List<Row> progress = spark().sql("SELECT * FROM run_progress WHERE run_id = '" + RUN + "' ORDER BY generation").collectAsList();
        assertTrue(progress.size() >= 2, "two generations of 10 at least");
        assertEquals(BUDGET, progress.get(progress.size() - 1).<Long>getAs("evaluations_so_far"));
        double best = spark().sql("SELECT objective_value FROM leaderboard WHERE run_id = '" + RUN + "' AND rank = 1")
                .first().getDouble(0);
        assertEquals(best, progress.get(progress.size() - 1).<Double>getAs("best_so_far"), 1e-9);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).<Double>getAs("best_so_far") >= progress.get(i - 1).<Double>getAs("best_so_far"));
            assertTrue(progress.get(i).<Double>getAs("elapsed_s") >= progress.get(i - 1).<Double>getAs("elapsed_s"));
        }
    }

    @Test
    void everyReadmeExampleQueryRunsThroughTheSqlCommand() throws IOException {
        List<String> queries = Files.readAllLines(SharedBenchmarks.repoRoot().resolve("README.md")).stream()
                .map(README_QUERY::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
        assertTrue(queries.size() >= 5, "README examples: " + queries);
        for (String query : queries) {
            assertFalse(spark().sql(query).collectAsList().isEmpty(), "no rows: " + query);
            StringWriter err = new StringWriter();
            int code = NasCli.execute(new PrintWriter(err, true), "sql", "--set", "store.path=\"" + dir.resolve("store") + "\"", query);
            assertEquals(0, code, query + ": " + err);
        }
    }

    @Test
    void aFolderWithoutResultTablesIsBadInput() {
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "sql", "--set", "store.path=\"" + dir.resolve("nothing") + "\"",
                "SELECT 1");
        assertEquals(NasCli.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("holds no result tables"), err.toString());
    }

    /** Statements that only read run; the parsed plan decides, before Spark runs anything. */
    @Test
    void queriesShowDescribeHistoryAndExplainRunAndWritesAreRefusedBeforeTheyRun() {
        for (String statement : List.of("SELECT count(*) FROM evaluations", "WITH e AS (SELECT * FROM evaluations) SELECT count(*) FROM e",
                "VALUES (1)", "SHOW TABLES IN sparknas", "SHOW COLUMNS IN sparknas.runs", "DESCRIBE TABLE sparknas.runs",
                "DESCRIBE HISTORY sparknas.evaluations", "DESCRIBE DETAIL sparknas.evaluations",
                "EXPLAIN DELETE FROM sparknas.evaluations", "SHOW TBLPROPERTIES sparknas.runs")) {
            assertTrue(SqlStatements.readsOnly(spark(), statement), statement);
            SqlStatements.run(spark(), statement, false).collectAsList();
        }
        long evaluations = spark().sql("SELECT count(*) FROM sparknas.evaluations").first().getLong(0);
        for (String statement : List.of("DELETE FROM sparknas.evaluations", "INSERT INTO sparknas.evaluations SELECT * FROM sparknas.evaluations",
                "DROP DATABASE sparknas CASCADE", "VACUUM sparknas.evaluations", "SET a = b", "ADD JAR x.jar",
                "RESTORE TABLE sparknas.evaluations TO VERSION AS OF 0", "OPTIMIZE sparknas.evaluations",
                "CREATE TABLE c SHALLOW CLONE sparknas.runs LOCATION '" + dir.resolve("clone") + "'")) {
            assertFalse(SqlStatements.readsOnly(spark(), statement), statement);
            io.sparknas.jobs.config.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.sparknas.jobs.config.BadInputException.class, () -> SqlStatements.run(spark(), statement, false));
            assertTrue(e.getMessage().contains("is not a query"), e.getMessage());
        }
        assertEquals(evaluations, spark().sql("SELECT count(*) FROM sparknas.evaluations").first().getLong(0));
    }

    /**
     * The red-team case: the database is not located at the store, so even with --allow-writes, dropping
     * it with CASCADE removes the session's registration and leaves every file of the store as it was.
     */
    @Test
    void droppingTheDatabaseWithAllowWritesLeavesTheStoreIntact() {
        Path store = dir.resolve("store");
        var before = io.sparknas.jobs.testing.StoreSnapshot.files(store);
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "sql", "--allow-writes", "--set", "store.path=\"" + store + "\"",
                "DROP DATABASE sparknas CASCADE");
        assertEquals(0, code, err.toString());
        assertEquals(before, io.sparknas.jobs.testing.StoreSnapshot.files(store), "no file of the store changed");
        new ResultStore(spark(), store.toString()).registerViews(); // the other tests' views, back
        assertEquals(BUDGET, spark().sql("SELECT count(*) FROM sparknas.evaluations WHERE run_id = '" + RUN + "'").first().getLong(0));
    }
}
