package io.sparknas.jobs.reliability;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.StoreSnapshot;
import io.sparknas.jobs.testing.TinyImages;
import io.sparknas.population.testing.SharedBenchmarks;
import io.sparknas.population.testing.StripesIdx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input catalogue: each case runs a real command against a store that a real short search wrote
 * beforehand, and must exit 2 with a stderr that is exactly one line naming the culprit, and leave every file
 * under the test folder (the store, its corrupted copies, the data files, the process's working folder) with
 * the same name and content.
 * <p>
 * Where a case runs: the first case of each family (the part of its name before the colon), and every case of
 * the families that start Spark their own way ({@link #PROCESS_FAMILIES}), run the real entry point,
 * {@code bin/nas}, as a process of their own, two at a time: there the whole stderr, Spark's and Delta's log
 * included, must be the one line. The other cases run the same command line in this JVM
 * ({@link NasCli#execute(PrintWriter, PrintWriter, String...)}, this JVM's Spark): a process with Spark takes
 * seconds to start, and the catalogue has hundreds of cases. Each case is then one test.
 * <p>
 * The cases are data: family, expected substring of the message, arguments. In the arguments,
 * {@code {dir}} is the test folder, {@code {store}} the written store and {@code {tiny}} a small valid
 * table (columns arch_str, acc, test) that the other table files are variations of.
 */
@Tag("slow")
class BadInputCatalogueIT extends LocalSpark {
    private static final int PARALLEL = 2;
    /** The families whose every case runs as a process: they start (or fail to start) a Spark of their own. */
    private static final java.util.Set<String> PROCESS_FAMILIES = java.util.Set.of("spark.master", "spark.conf");
    private static final java.time.Duration CASE_TIMEOUT = java.time.Duration.ofMinutes(3);
    private static Path dir;
    private static Map<Tables, Long> versionsBefore;
    private static final Map<String, Integer> CASES_PER_FAMILY = new TreeMap<>();

    private record Case(String family, String expected, List<String> args) {
        @Override
        public String toString() {
            return family + ": " + String.join(" ", args);
        }
    }

    /**
     * A search on the tiny table under a new run id of its own (so a case that wrongly passes cannot
     * disturb the others), with {@code extra} arguments (a later --set wins).
     */
    private static Case search(String family, String expected, String... extra) {
        List<String> args = new ArrayList<>(List.of("search"));
        if (Stream.of(extra).noneMatch(a -> a.equals("--run-id") || a.startsWith("search.run-id="))) {
            args.addAll(List.of("--run-id", "{run}"));
        }
        args.addAll(List.of("--set", "store.path=\"{store}\"", "--set", "search.max-generations=1",
                "--set", "evaluator.tabular.tables=[\"{tiny}\"]", "--set", "evaluator.tabular.objective=acc",
                "--set", "search.report=test", "--set", "search.budget=6", "--set", "search.batch=3",
                "--set", "strategy.regularized-evolution.population=4", "--set", "strategy.regularized-evolution.sample=2"));
        args.addAll(List.of(extra));
        return new Case(family, expected, args);
    }

    private static Case set(String family, String expected, String... sets) {
        List<String> extra = new ArrayList<>();
        for (String s : sets) {
            extra.addAll(List.of("--set", s));
        }
        return search(family, expected, extra.toArray(String[]::new));
    }

    private static Case table(String family, String expected, String file) {
        return set(family, expected, "evaluator.tabular.tables=[\"{dir}/" + file + "\"]");
    }

    /** A dl4j-train search on one of the image datasets under {@code {dir}/images} (it must stop before training). */
    private static Case images(String family, String expected, String... sets) {
        List<String> all = new ArrayList<>(List.of("search.evaluator=dl4j-train", "search.objectives=[\"val_acc:max\"]",
                "search.report=val_acc"));
        all.addAll(List.of(sets));
        return set(family, expected, all.toArray(String[]::new));
    }

    /** {@link #images} on the table {@code {dir}/images/NAME} of 2x2 float arrays (column floats). */
    private static Case imageTable(String family, String expected, String name, String... sets) {
        List<String> all = new ArrayList<>(List.of("evaluator.dl4j-train.dataset=table",
                "evaluator.dl4j-train.table.path=\"{dir}/images/" + name + "\"", "evaluator.dl4j-train.table.image-column=floats",
                "evaluator.dl4j-train.table.channels=1", "evaluator.dl4j-train.table.height=2", "evaluator.dl4j-train.table.width=2"));
        all.addAll(List.of(sets));
        return images(family, expected, all.toArray(String[]::new));
    }

    private static Case store(String family, String expected, String path) {
        return set(family, expected, "store.path=\"" + path + "\"");
    }

    private static Case sql(String family, String expected, String statement) {
        return command(family, expected, "sql", "--set", "store.path=\"{store}\"", statement);
    }

    /** A report on the store's run (a later --run-id wins). */
    private static Case report(String family, String expected, String... extra) {
        List<String> args = new ArrayList<>(List.of("report", "--set", "store.path=\"{store}\""));
        if (!List.of(extra).contains("--run-id")) {
            args.addAll(List.of("--run-id", "base"));
        }
        args.addAll(List.of(extra));
        return new Case(family, expected, args);
    }

    private static Case predictor(String family, String expected, String... sets) {
        List<String> args = new ArrayList<>(List.of("train-predictor", "--set", "store.path=\"{store}\""));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        return new Case(family, expected, args);
    }

    private static Case command(String family, String expected, String... args) {
        return new Case(family, expected, List.of(args));
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                // --- config syntax, unknown keys, wrong types
                set("config: unknown key", "unknown config key 'search.budjet'", "search.budjet=5"),
                set("config: unknown key", "unknown config key 'strategy.regularised-evolution.population'",
                        "strategy.regularised-evolution.population=5"),
                set("config: unknown key", "unknown config key 'nonsense'", "nonsense=1"),
                search("config: unknown key", "unknown config key 'search.populaton'", "--config", "{dir}/unknown-key.conf"),
                set("config: malformed", "--set 'search.budget'", "search.budget"),
                set("config: malformed", "--set 'search.budget=[1,'", "search.budget=[1,"),
                search("config: malformed", "bad.conf", "--config", "{dir}/bad.conf"),
                search("config: malformed", "missing.conf: no such file", "--config", "{dir}/missing.conf"),
                search("config: malformed", "{dir}", "--config", "{dir}"),
                set("config: wrong type", "search.budget", "search.budget=lots"),
                set("config: wrong type", "'search.batch' (--set search.batch=2.5: 1): expected an integer, got 2.5", "search.batch=2.5"),
                set("config: wrong type", "'search.seed' (--set search.seed=0.5: 1): expected an integer, got 0.5", "search.seed=0.5"),
                set("config: wrong type", "search.seed", "search.seed=\"one\""),
                set("config: wrong type", "evaluator.tabular.tables", "evaluator.tabular.tables=\"{tiny}\""),
                set("config: wrong type", "search.objectives", "search.objectives=\"acc:max\""),
                set("config: wrong type", "strategy.regularized-evolution.population", "strategy.regularized-evolution.population=[4]"),
                set("config: wrong type", "strategy.nsga2.crossover", "search.strategy=nsga2", "strategy.nsga2.crossover=high"),
                // --- impossible values
                set("value: budget", "'search.budget' must be > 0, got 0", "search.budget=0"),
                set("value: budget", "'search.budget' must be > 0, got -5", "search.budget=-5"),
                set("value: batch", "'search.batch' must be > 0, got 0", "search.batch=0"),
                set("value: max-generations", "'search.max-generations' must be >= 0", "search.max-generations=-1"),
                set("value: population", "'strategy.regularized-evolution.population' = 20000 is larger than the nb201 space",
                        "strategy.regularized-evolution.population=20000"),
                set("value: population", "'strategy.nsga2.population' = 100000 is larger than the nb201 space",
                        "search.strategy=nsga2", "strategy.nsga2.population=100000"),
                set("value: population", "'strategy.regularized-evolution.population' must be > 0, got 0",
                        "strategy.regularized-evolution.population=0"),
                set("value: population", "'strategy.regularized-evolution.sample' must be in 1..4 (at most the population), got 9",
                        "strategy.regularized-evolution.sample=9"),
                set("value: predictor shape", "config key 'predictor.xgboost.eta': XGBoost settings: eta must be in (0, 1], got 0.0",
                        "search.strategy=predictor-guided", "predictor.xgboost.eta=0"),
                set("value: predictor shape", "config key 'predictor.xgboost.rounds': XGBoost settings: rounds must be >= 1, got 0",
                        "search.strategy=predictor-guided", "predictor.xgboost.rounds=0"),
                set("value: strategy setting", "'strategy.nsga2.crossover' must be in [0, 1], got 1.5",
                        "search.strategy=nsga2", "strategy.nsga2.crossover=1.5"),
                set("value: strategy setting", "bins must be >= 1, got 0", "search.strategy=map-elites",
                        "strategy.map-elites.descriptors=[{metric = flops, min = 1, max = 2, bins = 0}]"),
                set("value: strategy setting", "needs finite min < max", "search.strategy=map-elites",
                        "strategy.map-elites.descriptors=[{metric = flops, min = 5, max = 2, bins = 3}]"),
                set("value: strategy setting", "'strategy.ee-pi.inner' cannot be ee-pi itself", "search.strategy=ee-pi",
                        "strategy.ee-pi.inner=ee-pi"),
                set("value: classes", "'hardware.classes' must be > 0, got 0", "hardware.classes=0"),
                set("value: required", "'evaluator.tabular.objective' must be set", "evaluator.tabular.objective=\"\""),
                set("value: required", "'evaluator.tabular.fidelity' must be set", "evaluator.tabular.fidelity=\"  \""),
                // --- renamed keys: refused naming the new name (a stored config of an earlier version is migrated:
                // SearchJobTest.aRunStartedByTheEarlierVersionResumesUnderTheRenamedKeys)
                set("config: renamed key", "config key 'benchmark.tables' was renamed to 'evaluator.tabular.tables'",
                        "benchmark.tables=[\"{tiny}\"]"),
                set("config: renamed key", "config key 'benchmark.objective' was renamed to 'evaluator.tabular.objective'",
                        "benchmark.objective=acc"),
                predictor("config: renamed key", "config key 'predictor.kind' was renamed to 'train-predictor.kind'",
                        "predictor.kind=gcn"),
                command("config: renamed key", "config key 'predictor.train_sizes' was renamed to 'predictor-bench.train-sizes'",
                        "predictor-bench", "--set", "predictor.train_sizes=[10]"),
                // --- names that must come from the registry
                set("name: strategy", "unknown strategy 'simulated-annealing'", "search.strategy=simulated-annealing"),
                set("name: strategy (class)", "unknown strategy 'io.sparknas.population.strategy.RandomSearch'",
                        "search.strategy=io.sparknas.population.strategy.RandomSearch"),
                set("name: strategy (class)", "unknown strategy 'java.lang.Runtime'", "search.strategy=\"java.lang.Runtime\""),
                set("name: evaluator", "unknown evaluator 'oracle'", "search.evaluator=oracle"),
                set("name: evaluator (class)", "unknown evaluator 'io.sparknas.evaluation.tabular.TabularEvaluator'",
                        "search.evaluator=io.sparknas.evaluation.tabular.TabularEvaluator"),
                set("name: space", "unknown search space 'nb301'", "search.space=nb301"),
                set("name: inner strategy", "unknown strategy 'hill-climbing'", "search.strategy=ee-pi",
                        "strategy.ee-pi.inner=hill-climbing"),
                set("name: predictor", "strategy.predictor-guided.predictor", "search.strategy=predictor-guided",
                        "strategy.predictor-guided.predictor=crystal-ball"),
                set("name: acquisition", "config key 'strategy.predictor-guided.acquisition': unknown acquisition 'ei' (known: ucb, thompson)",
                        "search.strategy=predictor-guided", "strategy.predictor-guided.acquisition=ei"),
                set("value: strategy setting", "'strategy.predictor-guided.floor-quantile' must be in [0, 1), got 1.0",
                        "search.strategy=predictor-guided", "strategy.predictor-guided.floor-quantile=1"),
                set("value: strategy space", "search.strategy = darts needs search.space = nb201 (DARTS searches the NB201 "
                        + "cell), got search.space = mobilenet", "search.strategy=darts", "search.space=mobilenet"),
                set("value: strategy setting", "strategy.darts: partial channels K must be >= 1 and divide the stem channels 16, "
                        + "got 3", "search.strategy=darts", "strategy.darts.partial-channels=3"),
                set("value: strategy setting", "'strategy.darts.alpha-learning-rate' must be finite and > 0",
                        "search.strategy=darts", "strategy.darts.alpha-learning-rate=0"),
                set("data: darts", "config key 'evaluator.dl4j-train.folder': fashion-mnist not found: missing {dir}/absent/",
                        "search.strategy=darts", "evaluator.dl4j-train.folder=\"{dir}/absent\""),
                // --- objectives and constraints
                set("objectives: syntax", "'acc:maximise' must read metric:max or metric:min", "search.objectives=[\"acc:maximise\"]"),
                set("objectives: syntax", "'acc' must read metric:max or metric:min", "search.objectives=[acc]"),
                set("objectives: syntax", "':max' must read metric:max or metric:min", "search.objectives=[\":max\"]"),
                set("objectives: unknown metric", "column 'latency' is in none of evaluator.tabular.tables",
                        "search.objectives=[\"acc:max\", \"latency:min\"]"),
                set("constraints: syntax", "'params<1e6' must read metric<=number", "search.constraints=[\"params<1e6\"]"),
                set("constraints: syntax", "'params<=many' must read metric<=number", "search.constraints=[\"params<=many\"]"),
                set("constraints: syntax", "'params<=NaN' must read metric<=number", "search.constraints=[\"params<=NaN\"]"),
                set("constraints: unknown metric", "column 'lat_ms_gpu' is in none of evaluator.tabular.tables",
                        "search.constraints=[\"lat_ms_gpu<=5\"]"),
                set("descriptors: unknown metric", "column 'energy' is in none of evaluator.tabular.tables", "search.strategy=map-elites",
                        "strategy.map-elites.descriptors=[{metric = energy, min = 1, max = 2, bins = 3}]"),
                // --- benchmark files: missing, corrupt, empty, wrong columns
                set("table: missing", "no such file: {dir}/absent.csv", "evaluator.tabular.tables=[\"{dir}/absent.csv\"]"),
                set("table: missing", "no such file: {dir}", "evaluator.tabular.tables=[\"{dir}\"]"),
                set("table: missing", "config key 'evaluator.tabular.tables' is empty", "evaluator.tabular.tables=[]"),
                set("table: missing", "nosuchscheme://x/y.csv", "evaluator.tabular.tables=[\"nosuchscheme://x/y.csv\"]"),
                table("table: empty", "empty.csv", "empty.csv"),
                table("table: empty", "header-only.csv", "header-only.csv"),
                table("table: corrupt", "corrupt.csv.gz is not a readable CSV file", "corrupt.csv.gz"),
                table("table: corrupt", "ragged.csv is not a readable CSV file", "ragged.csv"),
                table("table: wrong columns", "no-arch.csv has no 'arch_str' column", "no-arch.csv"),
                set("table: wrong columns", "column 'cifar10_valid_val_acc' is in none of evaluator.tabular.tables",
                        "evaluator.tabular.objective=cifar10_valid_val_acc"),
                set("table: wrong columns", "column 'test_acc' is in none of evaluator.tabular.tables", "search.report=test_acc"),
                set("table: disjoint", "have no architecture in common", "evaluator.tabular.tables=[\"{tiny}\", \"{dir}/other-archs.csv\"]"),
                // --- values in the tables
                table("table values: NaN", "column acc is NaN for architecture", "nan.csv"),
                table("table values: infinite", "column test is Infinity for architecture", "inf.csv"),
                table("table values: infinite", "column acc is -Infinity for architecture", "minus-inf.csv"),
                table("table values: non-numeric", "column 'acc' has non-numeric value 'high'", "text-value.csv"),
                table("table values: missing", "column 'test' has no value for architecture", "empty-value.csv"),
                table("table values: duplicate", "duplicate rows for architecture", "duplicate.csv"),
                table("table values: duplicate", "and seed 7", "duplicate-seed.csv"),
                table("table values: seed", "non-numeric seed for architecture", "text-seed.csv"),
                // --- architecture strings in the tables
                table("arch string", "not an NB201 cell string", "arch-not-a-cell.csv"),
                table("arch string", "has 2", "arch-two-nodes.csv"),
                table("arch string", "unknown operation in token 'conv_7x7~0'", "arch-unknown-op.csv"),
                table("arch string", "bad token 'nor_conv_3x3'", "arch-no-input.csv"),
                table("arch string", "nor_conv_3x3~1", "arch-bad-input.csv"),
                table("arch string", "a row has an empty arch_str", "arch-empty.csv"),
                // --- the store
                store("store: regular file", "is a regular file, not a folder", "{dir}/a-file"),
                store("store: regular file", "is a regular file, not a folder", "{dir}/a-file/store"),
                store("store: scheme", "No FileSystem for scheme", "nosuchscheme://host/store"),
                store("store: scheme", "scheme 'http' cannot hold Delta tables", "http://localhost:1/store"),
                store("store: empty path", "store.path ''", ""),
                store("store: corrupt Delta log", "table runs: commit {runs-last} is not JSON", "{dir}/garbage-log"),
                store("store: corrupt Delta log", "table evaluations cannot be opened as a Delta table", "{dir}/log-is-a-file"),
                store("store: not Delta", "table populations cannot be opened as a Delta table", "{dir}/not-delta"),
                store("store: foreign table", "table candidates is not a sparknas table (no column", "{dir}/foreign"),
                // --- store.register: names checked, an unknown catalog refused, before anything is written (a table
                // registered at another location is HiveMetastoreIT's: it needs a persistent catalog)
                set("store: catalog names", "config key 'store.schema': 'bad name' is not a schema name", "store.register=true",
                        "store.schema=\"bad name\""),
                set("store: catalog names", "config key 'store.schema': 'x`; DROP' is not a schema name", "store.schema=\"x`; DROP\""),
                set("store: catalog names", "config key 'store.catalog': 'a.b' is not a catalog name", "store.register=true",
                        "store.catalog=\"a.b\""),
                set("store: catalog", "config key 'store.catalog': 'nosuch' is not a catalog of this Spark session",
                        "store.register=true", "store.catalog=nosuch"),
                // --- prior.*: the prior's store is read, never written; a bad one writes nothing anywhere
                set("prior: store", "config key 'prior.store' '{dir}/no-such-store' does not exist", "prior.source=store",
                        "prior.store=\"{dir}/no-such-store\""),
                set("prior: store", "config key 'prior.store' '{dir}/not-delta': store.path file:{dir}/not-delta: table populations cannot be opened as a Delta table",
                        "prior.source=store", "prior.store=\"{dir}/not-delta\""),
                set("prior: store", "config key 'prior.store' '{dir}/a-file': store.path '{dir}/a-file': file:{dir}/a-file is a regular file, not a folder",
                        "prior.source=store", "prior.store=\"{dir}/a-file\""),
                set("prior: store", "config key 'prior.store' '{dir}/garbage-log'", "prior.source=store",
                        "prior.store=\"{dir}/garbage-log\""),
                set("prior: predictor", "config key 'prior.predictor-id' 'no-such-model' is not in the predictors table of",
                        "prior.source=predictor", "prior.predictor-id=no-such-model"),
                set("prior: predictor", "config key 'prior.predictor-id' must be set", "prior.source=predictor",
                        "prior.predictor-id=\"\""),
                set("prior: source", "config key 'prior.source': unknown prior source 'yesterday' (known: none, store, predictor)",
                        "prior.source=yesterday"),
                set("prior: warm start", "config key 'prior.warm-start' must be >= 0", "prior.warm-start=-1"),
                command("prior: benchmark", "config key 'prior.store' '{dir}/no-such-store' does not exist", "benchmark",
                        "--set", "evaluator.tabular.tables=[\"{tiny}\"]", "--set", "evaluator.tabular.objective=acc",
                        "--set", "benchmark.report=test", "--set", "prior.source=store",
                        "--set", "prior.store=\"{dir}/no-such-store\""),
                // --- run ids
                search("run id", "--run-id 'a b'", "--run-id", "a b"),
                search("run id", "--run-id '../escape'", "--run-id", "../escape"),
                search("run id", "--run-id 'x\\u000ay'", "--run-id", "x\ny"),
                set("run id", "search.run-id' 'x;DROP TABLE runs'", "search.run-id=\"x;DROP TABLE runs\""),
                // --- Spark settings that would load code
                set("spark.conf: allow-list", "spark.conf \"spark.plugins\" is not a setting a config may make", "spark.conf.\"spark.plugins\"=evil.Plugin"),
                set("spark.conf: allow-list", "spark.conf \"spark.sql.extensions\" is not a setting a config may make",
                        "spark.conf.\"spark.sql.extensions\"=evil.Extensions"),
                set("spark.conf: allow-list", "spark.conf \"spark.driver.extraJavaOptions\" is not a setting a config may make",
                        "spark.conf.\"spark.driver.extraJavaOptions\"=\"-javaagent:/tmp/evil.jar\""),
                // --- sql is a query tool: statements that change anything need --allow-writes
                sql("sql: read-only", "sql: 'DROP' is not a query", "DROP DATABASE sparknas CASCADE"),
                sql("sql: read-only", "sql: 'DROP' is not a query", "DROP TABLE sparknas.runs"),
                sql("sql: read-only", "sql: 'DELETE' is not a query", "DELETE FROM sparknas.evaluations"),
                sql("sql: read-only", "sql: 'DELETE' is not a query", "DELETE FROM evaluations WHERE status = 'OK'"),
                sql("sql: read-only", "sql: 'INSERT' is not a query", "INSERT INTO sparknas.evaluations SELECT * FROM sparknas.evaluations"),
                sql("sql: read-only", "sql: 'INSERT' is not a query", "INSERT OVERWRITE DIRECTORY '{dir}/out' USING csv SELECT 1"),
                sql("sql: read-only", "sql: 'WITH' is not a query",
                        "WITH e AS (SELECT * FROM evaluations) INSERT INTO sparknas.evaluations SELECT * FROM e"),
                sql("sql: read-only", "sql: 'UPDATE' is not a query", "UPDATE sparknas.runs SET status = 'FINISHED'"),
                sql("sql: read-only", "sql: 'MERGE' is not a query",
                        "MERGE INTO sparknas.runs t USING sparknas.runs s ON t.run_id = s.run_id WHEN MATCHED THEN DELETE"),
                sql("sql: read-only", "sql: 'VACUUM' is not a query", "VACUUM sparknas.evaluations RETAIN 0 HOURS"),
                sql("sql: read-only", "sql: 'OPTIMIZE' is not a query", "OPTIMIZE sparknas.evaluations"),
                sql("sql: read-only", "sql: 'RESTORE' is not a query", "RESTORE TABLE sparknas.evaluations TO VERSION AS OF 0"),
                sql("sql: read-only", "sql: 'CONVERT' is not a query", "CONVERT TO DELTA parquet.`{dir}/x`"),
                sql("sql: read-only", "sql: 'CREATE' is not a query", "CREATE TABLE c SHALLOW CLONE sparknas.runs LOCATION '{dir}/c'"),
                sql("sql: read-only", "sql: 'REORG' is not a query", "REORG TABLE sparknas.runs APPLY (PURGE)"),
                sql("sql: read-only", "sql: 'TRUNCATE' is not a query", "TRUNCATE TABLE sparknas.runs"),
                sql("sql: read-only", "sql: 'ALTER' is not a query",
                        "ALTER TABLE sparknas.runs SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 0 days')"),
                sql("sql: read-only", "sql: 'CREATE' is not a query", "CREATE TABLE x USING delta LOCATION '{dir}/x' AS SELECT 1 AS a"),
                sql("sql: read-only", "sql: 'CREATE' is not a query", "CREATE OR REPLACE TEMP VIEW runs AS SELECT 1"),
                sql("sql: read-only", "sql: 'SET' is not a query", "SET spark.databricks.delta.retentionDurationCheck.enabled = false"),
                sql("sql: read-only", "sql: 'ADD' is not a query", "ADD JAR {dir}/evil.jar"),
                sql("sql: read-only", "sql: 'CACHE' is not a query", "CACHE TABLE evaluations"),
                sql("sql: read-only", "sql: 'REFRESH' is not a query", "REFRESH TABLE sparknas.runs"),
                sql("sql: code", "sql: [UNRESOLVED_ROUTINE]", "SELECT reflect('java.lang.System', 'getProperty', 'user.home')"),
                sql("sql: code", "sql: [UNRESOLVED_ROUTINE]", "SELECT java_method('java.lang.Thread', 'sleep', 1L)"),
                command("sql: options", "--rows must be >= 1, got 0", "sql", "--set", "store.path=\"{store}\"", "--rows", "0",
                        "SELECT 1"),
                command("sql: options", "--format must be table, csv or json, got 'xml'", "sql", "--set",
                        "store.path=\"{store}\"", "--format", "xml", "SELECT 1"),
                command("runs: options", "--format must be table, csv or json, got 'TABLE '", "runs", "--set",
                        "store.path=\"{store}\"", "--format", "TABLE "),
                command("runs: options", "--rows must be >= 1, got -1", "runs", "--set", "store.path=\"{store}\"", "--rows", "-1"),
                command("runs: store", "store.path file:{dir}/no-runs holds no runs yet", "runs", "--set",
                        "store.path=\"{dir}/no-runs\""),
                command("output: report", "report: store file:{dir}/no-runs holds no runs", "report", "--set",
                        "store.path=\"{dir}/no-runs\""),
                // --- outputs never delete what the job did not create
                report("output: report", "report --out {store} holds files that are not an earlier report", "--out", "{store}"),
                report("output: report", "report --out {dir} holds files that are not an earlier report", "--out", "{dir}"),
                report("output: report", "report --out {dir}/foreign holds files that are not an earlier report", "--out",
                        "{dir}/foreign"),
                report("output: report", "report --out {dir}/a-file is a regular file, not a folder", "--out", "{dir}/a-file"),
                report("output: report", "the file-system root cannot hold a report", "--out", "/"),
                // --- ids that become paths are plain names
                search("name: run id", "--run-id '':", "--run-id", ""),
                search("name: run id", "--run-id ' ':", "--run-id", " "),
                search("name: run id", "--run-id '.':", "--run-id", "."),
                search("name: run id", "--run-id '..':", "--run-id", ".."),
                search("name: run id", "--run-id 'a/b':", "--run-id", "a/b"),
                search("name: run id", "--run-id '/tmp':", "--run-id", "/tmp"),
                set("name: run id", "config key 'search.run-id' '..':", "search.run-id=\"..\""),
                set("name: run id", "config key 'search.run-id' ' ':", "search.run-id=\" \""),
                report("name: run id", "--run-id '../x':", "--run-id", "../x"),
                report("name: run id", "--run-id '':", "--run-id", ""),
                predictor("name: predictor id", "config key 'train-predictor.id' '..':", "train-predictor.id=\"..\""),
                predictor("name: predictor id", "config key 'train-predictor.id' '.':", "train-predictor.id=\".\""),
                predictor("name: predictor id", "config key 'train-predictor.id' 'a/b':", "train-predictor.id=\"a/b\""),
                predictor("name: predictor id", "config key 'train-predictor.id' ' ':", "train-predictor.id=\" \""),
                // --- numbers and paths checked at the door
                set("number: budget", "config key 'search.budget' = 2147483647 is more than the nb201 space's 15625 architectures",
                        "search.budget=2147483647"),
                set("number: budget", "config key 'search.budget' = 15626 is more than", "search.budget=15626"),
                search("number: summary path", "--summary-json {dir} is a folder, not a file", "--summary-json", "{dir}"),
                search("number: summary path", "{dir}/a-file is a regular file, not a folder", "--summary-json",
                        "{dir}/a-file/summary.json"),
                command("number: benchmark-pool", "random's per_seed_report[1] must be a finite number, got \"abc\"",
                        "benchmark-pool", "{dir}/pool-text.json"),
                command("number: benchmark-pool", "random's per_seed_report[0] must be a finite number, got null",
                        "benchmark-pool", "{dir}/pool-null.json"),
                command("number: benchmark-pool", "random's budget must be a whole number, got \"10\"",
                        "benchmark-pool", "{dir}/pool-budget.json"),
                command("number: benchmark-pool", "random's first_seed must be a whole number, got 1.5",
                        "benchmark-pool", "{dir}/pool-seed.json"),
                command("number: benchmark-pool", "random's per_seed_queries_to_optimum[0] must be a query number >= 1 or null, got \"x\"",
                        "benchmark-pool", "{dir}/pool-query.json"),
                // --- integrity before writing: every commit parses, every data file exists
                store("store: integrity", "table runs: commit {runs-last} is empty", "{dir}/empty-commit"),
                store("store: integrity", "table candidates: commit", "{dir}/cut-commit"),
                store("store: integrity", "table runs: commit 00000000000000000001.json is missing", "{dir}/commit-gap"),
                store("store: integrity", "table populations: commit 00000000000000000000.json is not JSON objects",
                        "{dir}/not-objects"),
                store("store: integrity", "table evaluations: _delta_log/_last_checkpoint is not JSON", "{dir}/bad-last-checkpoint"),
                store("store: integrity", "table candidates: data file part-", "{dir}/missing-data-file"),
                // --- benchmark files are read as named: no glob expansion
                set("table: glob", "no such file: {dir}/tin?.csv", "evaluator.tabular.tables=[\"{dir}/tin?.csv\"]"),
                set("table: glob", "no such file: {dir}/*.csv", "evaluator.tabular.tables=[\"{dir}/*.csv\"]"),
                set("table: glob", "no such file: {dir}/tiny[.]csv", "evaluator.tabular.tables=[\"{dir}/tiny[.]csv\"]"),
                set("table: glob", "no such file: {dir}/{tiny,empty}.csv", "evaluator.tabular.tables=[\"{dir}/{tiny,empty}.csv\"]"),
                // --- spark.conf: an allow-list of tuning, memory, shuffle, SQL and Delta settings
                set("spark.conf: allow-list", "spark.conf \"spark.driver.defaultJavaOptions\" is not a setting a config may make",
                        "spark.conf.\"spark.driver.defaultJavaOptions\"=\"-Dx=1\""),
                set("spark.conf: allow-list", "spark.conf \"spark.executor.defaultJavaOptions\" is not a setting a config may make",
                        "spark.conf.\"spark.executor.defaultJavaOptions\"=\"-Dx=1\""),
                set("spark.conf: allow-list", "spark.conf \"spark.executorEnv.LD_PRELOAD\" is not a setting a config may make",
                        "spark.conf.\"spark.executorEnv.LD_PRELOAD\"=\"/tmp/evil.so\""),
                set("spark.conf: allow-list", "spark.conf \"spark.io.compression.codec\" is not a setting a config may make",
                        "spark.conf.\"spark.io.compression.codec\"=evil.Codec"),
                set("spark.conf: allow-list", "spark.conf \"spark.executor.resource.gpu.discoveryScript\" is not a setting",
                        "spark.conf.\"spark.executor.resource.gpu.discoveryScript\"=\"/tmp/evil.sh\""),
                set("spark.conf: allow-list", "spark.conf \"spark.databricks.delta.retentionDurationCheck.enabled\" is not a setting",
                        "spark.conf.\"spark.databricks.delta.retentionDurationCheck.enabled\"=false"),
                set("spark.conf: allow-list", "spark.conf \"spark.databricks.delta.properties.defaults.logRetentionDuration\" is not a setting",
                        "spark.conf.\"spark.databricks.delta.properties.defaults.logRetentionDuration\"=\"interval 0 days\""),
                set("spark.conf: allow-list", "spark.conf \"spark.yarn.appMasterEnv.X\" is not a setting a config may make",
                        "spark.conf.\"spark.yarn.appMasterEnv.X\"=1"),
                set("spark.conf: allow-list", "spark.conf \"spark.serializer\" is not a setting a config may make",
                        "spark.conf.\"spark.serializer\"=evil.Serializer"),
                set("spark.conf: allow-list", "spark.conf \"spark.sql.hive.metastore.jars\" is not a setting a config may make",
                        "spark.conf.\"spark.sql.hive.metastore.jars\"=\"/tmp/evil.jar\""),
                set("spark.conf: allow-list", "must be a whole number of threads",
                        "spark.conf.\"spark.executorEnv.OMP_NUM_THREADS\"=\"2; rm -rf /\""),
                set("spark.conf: allow-list", "spark.conf \"spark\" is an object", "spark.conf.spark.sql.shuffle.partitions=4"),
                search("spark.conf: allow-list", "spark.conf \"spark.executorEnv.LD_PRELOAD\" is not", "--config", "{dir}/spark-env.conf"),
                // --- spark.master is checked at the door, and named
                set("spark.master", "config key 'spark.master': 'nonsense' is not a Spark master URL", "spark.master=nonsense"),
                set("spark.master", "config key 'spark.master': 'local[0]' asks for 0 threads", "spark.master=\"local[0]\""),
                set("spark.master", "config key 'spark.master': 'local[x]'", "spark.master=\"local[x]\""),
                command("spark.master", "'local[0]' asks for 0 threads", "search", "--dry-run", "--set", "spark.master=\"local[0]\""),
                // --- HOCON: a missing include and a substitution cycle are errors, not the defaults
                search("config: include", "include \"missing.conf\": no such file", "--config", "{dir}/include-missing.conf"),
                search("config: include", "include \"innermost.conf\": no such file", "--config", "{dir}/include-nested.conf"),
                set("config: cycle", "config key 'search.seed' (--set search.seed=${search.seed}: 1): ${search.seed} leads back",
                        "search.seed=${search.seed}"),
                set("config: cycle", "a substitution cycle", "search.seed=${hardware.classes}", "hardware.classes=${search.seed}"),
                search("config: cycle", "a substitution cycle", "--config", "{dir}/cycle.conf"),
                // --- a run another live process holds: exit 2 naming the holder
                search("lease: held", "run base is held by elsewhere/1/x until 2099-01-01T00:00:00Z (another process is running it)",
                        "--run-id", "base", "--set", "store.path=\"{dir}/held\""),
                set("lease: settings", "config key 'search.lease.ttl-s' must be >= 5 (seconds), got 4", "search.lease.ttl-s=4"),
                set("lease: settings", "config key 'search.lease.wait-s' must be >= 0 (seconds; 0 = do not wait), got -1",
                        "search.lease.wait-s=-1"),
                // --- the command line
                command("cli", "Unmatched argument", "no-such-command"),
                command("cli", "Unknown options: '--budget'", "search", "--budget", "3"),
                command("cli", "Missing required parameter for option '--config'", "search", "--config"),
                command("cli: sql", "sql: [TABLE_OR_VIEW_NOT_FOUND]", "sql", "--set", "store.path=\"{store}\"",
                        "SELECT * FROM no_such_table"),
                command("cli: sql", "sql: [PARSE_SYNTAX_ERROR]", "sql", "--set", "store.path=\"{store}\"", "SELEKT 1"),
                // --- the dl4j-train evaluator's tables and image folders: checked on the driver before anything is written
                imageTable("data: image table", "evaluator.dl4j-train: table {dir}/images/tiny has no column 'class'", "tiny",
                        "evaluator.dl4j-train.table.label-column=class"),
                imageTable("data: image table", "image column 'floats' of the row labelled 0 holds 4 values, but 1x2x3 images "
                        + "need 6", "tiny", "evaluator.dl4j-train.table.width=3"),
                imageTable("data: image table", "evaluator.dl4j-train: table {dir}/images/one-class's label column 'label' "
                        + "holds one class only (3): a classifier needs at least two", "one-class"),
                imageTable("data: image table", "evaluator.dl4j-train: table {dir}/images/empty is empty: no images to train on",
                        "empty"),
                imageTable("data: image table", "evaluator.dl4j-train: table {dir}/images/absent does not exist", "absent"),
                images("data: image folder", "{dir}/images/broken/1/broken.png is not an image javax.imageio can read",
                        "evaluator.dl4j-train.dataset=image-folder", "evaluator.dl4j-train.folder=\"{dir}/images/broken\""),
                images("data: image folder", "evaluator.dl4j-train: image folder {dir}/images/one-folder's class sub-folders "
                        + "name one class only ('0')", "evaluator.dl4j-train.dataset=image-folder",
                        "evaluator.dl4j-train.folder=\"{dir}/images/one-folder\""),
                // --- train-final: a finished run of the store, data with a test split; export: a model of the table
                command("train-final: run", "--run-id no-such-run: no such run in store file:{store}", "train-final",
                        "--run-id", "no-such-run", "--set", "store.path=\"{store}\""),
                command("train-final: run", "--run-id base is RUNNING, not FINISHED: finish it first with bin/nas search "
                        + "--run-id base", "train-final", "--run-id", "base", "--set", "store.path=\"{dir}/held\""),
                command("train-final: run", "--run-id '../x':", "train-final", "--run-id", "../x", "--set", "store.path=\"{store}\""),
                command("train-final: options", "--top must be >= 1, got 0", "train-final", "--run-id", "base", "--top", "0",
                        "--set", "store.path=\"{store}\""),
                command("train-final: options", "--top and --front exclude each other", "train-final", "--run-id", "base",
                        "--top", "2", "--front", "--set", "store.path=\"{store}\""),
                command("train-final: data", "config key 'final.folder': fashion-mnist not found: missing "
                        + "{dir}/train-only/t10k-images-idx3-ubyte.gz", "train-final", "--run-id", "base",
                        "--set", "store.path=\"{store}\"", "--set", "final.folder=\"{dir}/train-only\""),
                command("train-final: settings", "config key 'final.epochs' must be", "train-final", "--run-id", "base",
                        "--set", "store.path=\"{store}\"", "--set", "final.epochs=0"),
                command("export: model", "--model-id no-such-model is not in the models table of store file:{store}", "export",
                        "--model-id", "no-such-model", "--out", "{dir}/export", "--set", "store.path=\"{store}\""),
                command("export: output", "export --out {dir}/foreign holds files that are not an earlier model export",
                        "export", "--model-id", "no-such-model", "--out", "{dir}/foreign", "--set", "store.path=\"{store}\""),
                command("export: output", "export --out {dir}/a-file is a regular file, not a folder", "export",
                        "--model-id", "no-such-model", "--out", "{dir}/a-file", "--set", "store.path=\"{store}\""),
                // --- the benchmark command shares the checks
                command("benchmark command", "'benchmark.budget' must be > 0, got 0", "benchmark", "--set", "evaluator.tabular.tables=[\"{tiny}\"]",
                        "--set", "evaluator.tabular.objective=acc", "--set", "benchmark.report=test", "--set", "benchmark.budget=0"),
                command("benchmark command", "unknown strategy 'java.lang.ProcessBuilder'", "benchmark", "--set",
                        "evaluator.tabular.tables=[\"{tiny}\"]", "--set", "evaluator.tabular.objective=acc", "--set", "benchmark.report=test",
                        "--set", "benchmark.strategies=[random, \"java.lang.ProcessBuilder\"]"));
        return cases.stream().map(c -> Arguments.of(c));
    }

    @BeforeAll
    static void writeStoreAndFiles(@org.junit.jupiter.api.io.TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Path store = dir.resolve("store");
        List<String> args = new ArrayList<>(List.of("search", "--run-id", "base", "--set", "store.path=\"" + store + "\"",
                "--set", "search.budget=10", "--set", "search.batch=5", "--set", "strategy.regularized-evolution.population=5",
                "--set", "strategy.regularized-evolution.sample=2"));
        nb201Cifar10().forEach(s -> args.addAll(List.of("--set", s)));
        spark();
        StringWriter err = new StringWriter();
        assertEquals(0, NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new)), err.toString());
        ResultStore written = new ResultStore(spark(), store.toString());
        assertEquals(10, written.read(Tables.EVALUATIONS).count(), "the real search wrote its evaluations");
        versionsBefore = StoreSnapshot.versionCounts(spark(), written);
        writeTables();
        writeBrokenStores(store);
        runAll();
    }

    private static void writeTables() throws IOException {
        List<String> nb201 = SharedBenchmarks.allNb201Strings();
        List<String> archs = nb201.subList(0, 30);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < archs.size(); i++) {
            rows.add(archs.get(i) + "," + (80 + i * 0.1) + "," + (60 + i * 0.1));
        }
        write("tiny.csv", "arch_str,acc,test", rows);
        write("empty.csv");
        write("header-only.csv", "arch_str,acc,test");
        Random random = new Random(1);
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        garbage[0] = 0x1f; // gzip magic, then garbage
        garbage[1] = (byte) 0x8b;
        Files.write(dir.resolve("corrupt.csv.gz"), garbage);
        write("ragged.csv", "arch_str,acc,test", rows.get(0), rows.get(1) + ",1,2,3");
        write("no-arch.csv", "arch,acc,test", rows.subList(0, 5));
        write("other-archs.csv", "arch_str,flops", nb201.get(100) + ",1.0", nb201.get(101) + ",2.0");
        write("nan.csv", "arch_str,acc,test", rows.get(0), archs.get(1) + ",NaN,60");
        write("inf.csv", "arch_str,acc,test", rows.get(0), archs.get(1) + ",80,Inf");
        write("minus-inf.csv", "arch_str,acc,test", rows.get(0), archs.get(1) + ",-Inf,60");
        write("text-value.csv", "arch_str,acc,test", rows.get(0), archs.get(1) + ",high,60");
        write("empty-value.csv", "arch_str,acc,test", rows.get(0), archs.get(1) + ",80,");
        write("duplicate.csv", "arch_str,acc,test", rows.get(0), archs.get(0) + ",85.5,61");
        write("duplicate-seed.csv", "arch_str,seed,acc,test", archs.get(0) + ",7,80,60", archs.get(0) + ",7,81,60");
        write("text-seed.csv", "arch_str,seed,acc,test", archs.get(0) + ",7,80,60", archs.get(1) + ",seven,81,60");
        write("arch-not-a-cell.csv", "arch_str,acc,test", rows.get(0), "resnet50,80,60");
        write("arch-two-nodes.csv", "arch_str,acc,test", rows.get(0), "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|,80,60");
        write("arch-unknown-op.csv", "arch_str,acc,test", rows.get(0),
                "|conv_7x7~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|none~2|,80,60");
        write("arch-no-input.csv", "arch_str,acc,test", rows.get(0),
                "|nor_conv_3x3|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|none~2|,80,60");
        write("arch-bad-input.csv", "arch_str,acc,test", rows.get(0),
                "|nor_conv_3x3~1|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|none~2|,80,60");
        write("arch-empty.csv", "arch_str,acc,test", rows.get(0), ",80,60");
        write("unknown-key.conf", "search { populaton = 10 }");
        write("bad.conf", "search { budget = 10 ");
        write("a-file", "not a folder");
        StripesIdx.write(Files.createDirectories(dir.resolve("train-only")), 20, 8, 1); // no t10k-* files
        writeImages(dir.resolve("images"));
        String pool = "[{\"strategy\": \"random\", \"budget\": %s, \"first_seed\": %s, \"objective\": \"acc\", "
                + "\"report\": \"test\", \"per_seed_report\": %s, \"per_seed_queries_to_optimum\": %s}]";
        write("pool-text.json", String.format(pool, "10", "0", "[93.1, \"abc\"]", "[null, 4]"));
        write("pool-null.json", String.format(pool, "10", "0", "[null, 93.2]", "[null, 4]"));
        write("pool-budget.json", String.format(pool, "\"10\"", "0", "[93.1, 93.2]", "[null, 4]"));
        write("pool-seed.json", String.format(pool, "10", "1.5", "[93.1, 93.2]", "[null, 4]"));
        write("pool-query.json", String.format(pool, "10", "0", "[93.1, 93.2]", "[\"x\", 4]"));
        Files.createDirectories(dir.resolve("work"));
        write("spark-env.conf", "spark.conf { \"spark.executorEnv.LD_PRELOAD\" = \"/tmp/evil.so\" }");
        write("include-missing.conf", "include \"missing.conf\"", "search.budget = 6");
        write("include-nested.conf", "include \"include-inner.conf\"");
        write("include-inner.conf", "include \"innermost.conf\"");
        write("cycle.conf", "search.seed = ${hardware.classes}", "hardware.classes = ${search.seed}");
    }

    /** The image datasets of the "data: image …" cases (TinyImages' eight 2x2 grey images). */
    private static void writeImages(Path images) throws IOException {
        TinyImages.floatTable(spark(), images.resolve("tiny"), i -> i % 2);
        TinyImages.floatTable(spark(), images.resolve("one-class"), i -> 3);
        spark().createDataFrame(List.<org.apache.spark.sql.Row>of(), new org.apache.spark.sql.types.StructType()
                        .add("floats", org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.FloatType))
                        .add("label", org.apache.spark.sql.types.DataTypes.IntegerType))
                .write().parquet(images.resolve("empty").toString());
        Path broken = TinyImages.pngFolder(images.resolve("broken"), TinyImages.tiny(i -> i % 2));
        Files.writeString(broken.resolve("1").resolve("broken.png"), "not an image");
        TinyImages.pngFolder(images.resolve("one-folder"), TinyImages.tiny(i -> 0));
    }

    private static void writeBrokenStores(Path store) throws IOException {
        Path garbageLog = copy(store, "garbage-log");
        Path runsLog = garbageLog.resolve("runs/_delta_log");
        Files.writeString(lastCommit(runsLog), "{\"commitInfo\": garbage\n");
        Path logIsAFile = copy(store, "log-is-a-file");
        deleteTree(logIsAFile.resolve("evaluations/_delta_log"));
        Files.writeString(logIsAFile.resolve("evaluations/_delta_log"), "not a folder");
        Path notDelta = copy(store, "not-delta");
        deleteTree(notDelta.resolve("populations/_delta_log"));
        Path foreign = copy(store, "foreign");
        deleteTree(foreign.resolve("candidates"));
        spark().range(3).toDF("something_else").write().format("delta").save(foreign.resolve("candidates").toString());

        Path emptyCommit = copy(store, "empty-commit");
        Path lastRuns = lastCommit(emptyCommit.resolve("runs/_delta_log"));
        runsLast = lastRuns.getFileName().toString();
        Files.write(lastRuns, new byte[0]);
        Files.deleteIfExists(lastRuns.resolveSibling("." + runsLast + ".crc"));
        Path cut = lastCommit(copy(store, "cut-commit").resolve("candidates/_delta_log"));
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 20));
        Files.delete(copy(store, "commit-gap").resolve("runs/_delta_log/00000000000000000001.json"));
        Files.writeString(copy(store, "not-objects").resolve("populations/_delta_log/00000000000000000000.json"), "[1, 2]\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(copy(store, "bad-last-checkpoint").resolve("evaluations/_delta_log/_last_checkpoint"), "{\"version\":");
        Path missing = copy(store, "missing-data-file");
        String dataFile = spark().read().format("delta").load(missing.resolve("candidates").toString()).inputFiles()[0];
        Files.delete(Path.of(java.net.URI.create(dataFile)));

        // run base, RUNNING again and held by a process of another host until 2099
        Path held = copy(store, "held");
        spark().sql("UPDATE delta.`" + held.resolve("runs") + "` SET " + Columns.STATUS + " = 'RUNNING', "
                + Columns.LEASE_OWNER + " = 'elsewhere/1/x', " + Columns.LEASE_EXPIRES_AT
                + " = to_timestamp('2099-01-01 00:00:00') WHERE " + Columns.RUN_ID + " = 'base'");
    }

    private static String runsLast;

    private static Path lastCommit(Path log) throws IOException {
        try (Stream<Path> commits = Files.list(log)) {
            return commits.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    private static Path copy(Path from, String name) throws IOException {
        return StoreSnapshot.copyTree(from, dir.resolve(name));
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void write(String name, String... lines) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            out.write(Arrays.stream(lines).map(l -> l + "\n").collect(Collectors.joining()).getBytes());
        }
    }

    private static void write(String name, String header, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of(header));
        lines.addAll(rows);
        write(name, lines.toArray(String[]::new));
    }

    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private static String fill(String text) {
        return text.replace("{run}", "bad-" + RUNS.incrementAndGet()).replace("{store}", dir.resolve("store").toString()).replace("{tiny}", dir.resolve("tiny.csv").toString())
                .replace("{dir}", dir.toString()).replace("{runs-last}", String.valueOf(runsLast));
    }

    /** What one case did: exit code, whole stderr, the test folder after it ended, its seconds, and where it ran. */
    private record Outcome(int code, String stderr, Map<String, String> after, double seconds, boolean process) {
    }

    private static Map<String, String> before;
    private static final Map<Case, Outcome> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String family(Case c) {
        return c.family().replaceAll(":.*", "");
    }

    /** The cases that run as a process: the first of each family, and every case of {@link #PROCESS_FAMILIES}. */
    private static boolean asProcess(Case c, java.util.Set<String> seen) {
        return seen.add(family(c)) || PROCESS_FAMILIES.contains(family(c));
    }

    /**
     * Every case: first those that run in this JVM, one after the other, then those that run through bin/nas,
     * {@value #PARALLEL} at a time, after one call that builds bin/nas's jar if it is stale.
     */
    private static void runAll() throws Exception {
        Path home = sparknasHome();
        before = StoreSnapshot.files(dir);
        List<Case> processes = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Case c : cases().map(a -> (Case) a.get()[0]).toList()) {
            if (asProcess(c, seen)) {
                processes.add(c);
            } else {
                OUTCOMES.put(c, inJvm(c));
            }
        }
        Process version = new ProcessBuilder(home.resolve("bin/nas").toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, version.waitFor(), "bin/nas --version");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (Case c : processes) {
                runs.add(pool.submit(() -> {
                    OUTCOMES.put(c, nas(home, c));
                    return null;
                }));
            }
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One case as {@link NasCli#execute(PrintWriter, PrintWriter, String...)} in this JVM: its err is the stderr. */
    private static Outcome inJvm(Case c) {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = NasCli.execute(new PrintWriter(Writer.nullWriter()), new PrintWriter(err, true),
                c.args().stream().map(BadInputCatalogueIT::fill).toArray(String[]::new));
        return new Outcome(code, err.toString(), StoreSnapshot.files(dir), (System.nanoTime() - start) / 1e9, false);
    }

    private static Outcome nas(Path home, Case c) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/nas").toString()));
        c.args().stream().map(BadInputCatalogueIT::fill).forEach(command::add);
        Path err = Files.createTempFile("catalogue-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.resolve("work").toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            // short-lived JVMs: the C1 compiler alone and one GC thread start faster and take about half the CPU
            builder.environment().put("SPARKNAS_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            long start = System.nanoTime();
            Process process = builder.start();
            boolean ended = process.waitFor(CASE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!ended) {
                process.destroyForcibly();
                return new Outcome(-1, "timed out after " + CASE_TIMEOUT + ": " + Files.readString(err), StoreSnapshot.files(dir),
                        seconds, true);
            }
            return new Outcome(process.exitValue(), Files.readString(err), StoreSnapshot.files(dir), seconds, true);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The checkout's root: the jobs module's parent. */
    static Path sparknasHome() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    }

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("cases")
    void badInputIsOneLineNamingTheCulpritExitTwoAndNothingWritten(Case c) {
        Outcome outcome = OUTCOMES.get(c);
        String stderr = outcome.stderr();
        assertEquals(NasCli.BAD_INPUT, outcome.code(), stderr);
        assertTrue(stderr.endsWith("\n") && stderr.indexOf('\n') == stderr.length() - 1,
                "the whole stderr is exactly one line: " + stderr);
        String message = stderr.strip();
        assertTrue(message.startsWith("sparknas: "), message);
        assertTrue(message.contains(fill(c.expected())), "expected '" + fill(c.expected()) + "' in: " + message);
        assertEquals(before, outcome.after(), "no file under the test folder changed (name or content)");
        synchronized (CASES_PER_FAMILY) {
            CASES_PER_FAMILY.merge(family(c), 1, Integer::sum);
        }
    }

    @AfterAll
    static void noTableOfTheStoreHasANewVersion() {
        assertEquals(versionsBefore, StoreSnapshot.versionCounts(spark(), new ResultStore(spark(), dir.resolve("store").toString())));
        System.out.println("bad-input catalogue, passed cases per family: " + CASES_PER_FAMILY + ", total "
                + CASES_PER_FAMILY.values().stream().mapToInt(Integer::intValue).sum() + " of " + cases().count());
        for (boolean process : List.of(true, false)) {
            Map<String, Double> seconds = new TreeMap<>();
            OUTCOMES.forEach((c, o) -> {
                if (o.process() == process) {
                    seconds.merge(family(c), o.seconds(), Double::sum);
                }
            });
            System.out.printf("%s: %d cases, seconds per family: %s%n", process ? "through bin/nas, " + PARALLEL + " at a time"
                    : "in the test's JVM", OUTCOMES.values().stream().filter(o -> o.process() == process).count(),
                    seconds.entrySet().stream().map(e -> e.getKey() + "=" + Math.round(e.getValue())).collect(Collectors.joining(", ")));
        }
    }
}
