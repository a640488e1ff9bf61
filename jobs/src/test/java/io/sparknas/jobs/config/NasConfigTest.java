package io.sparknas.jobs.config;

import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NasConfigTest {
    @Test
    void setOverridesWinOverTheFileWhichWinsOverTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.conf");
        Files.writeString(file, "search.budget = 50\nsearch.batch = 5\n");
        NasConfig config = NasConfig.load(file.toFile(), List.of("search.budget=70", "evaluator.tabular.tables=[a.csv, \"b.csv.gz\"]"));
        assertEquals(70, config.getInt("search.budget"));
        assertEquals(5, config.getInt("search.batch"));
        assertEquals(20, config.getInt("benchmark.seeds"));
        assertEquals(List.of("a.csv", "b.csv.gz"), config.getStringList("evaluator.tabular.tables"));
    }

    @Test
    void theThroughputModelFollowsThePredictorShapeUnlessSetItself() {
        NasConfig shaped = NasConfig.load(null, List.of("predictor.xgboost.rounds=50"));
        assertEquals(50, shaped.getInt("throughput.rounds"));
        assertEquals(0.03, shaped.getDouble("throughput.eta"));
        NasConfig own = NasConfig.load(null, List.of("throughput.rounds=7"));
        assertEquals(7, own.getInt("throughput.rounds"));
        assertEquals(500, own.getInt("predictor.xgboost.rounds"));
        // the type of a default that is a substitution is that of what it resolves to
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("throughput.eta=fast")));
        assertTrue(e.getMessage().endsWith("expected a number, got \"fast\""), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRejectedByName() {
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("search.budgt=5")));
        assertTrue(e.getMessage().contains("unknown config key 'search.budgt'"), e.getMessage());
    }

    @Test
    void freeFormSparkSettingsAreAllowed() {
        NasConfig config = NasConfig.load(null, List.of("spark.conf.\"spark.sql.shuffle.partitions\"=3"));
        assertEquals("3", String.valueOf(config.getFreeForm("spark.conf").get("spark.sql.shuffle.partitions")));
    }

    @Test
    void aWrongTypeIsRejectedAtLoadNamingTheKeyAndWhereTheValueCameFrom(@TempDir Path dir) throws IOException {
        var e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("search.budget=lots")));
        assertEquals("config key 'search.budget' (--set search.budget=lots: 1): expected a number, got \"lots\"", e.getMessage());
        Path file = dir.resolve("typos.conf");
        Files.writeString(file, "search {\n  seed = 1\n  batch = 2.5\n}\n");
        // a fraction where a count is meant is refused when the count is read, naming where it came from
        NasConfig fractional = NasConfig.load(file.toFile(), List.of());
        e = assertThrows(BadInputException.class, () -> fractional.getInt("search.batch"));
        assertTrue(e.getMessage().startsWith("config key 'search.batch' (" + file), e.getMessage());
        assertTrue(e.getMessage().endsWith(": expected an integer, got 2.5"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(file.toFile(), List.of("search.batch=4",
                "benchmark.strategies=random")));
        assertTrue(e.getMessage().contains("'benchmark.strategies' (--set benchmark.strategies=random"), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a list [...], got \"random\""), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("predictor-bench.train-sizes=[25, many]")));
        assertTrue(e.getMessage().endsWith("list element: expected a number, got \"many\""), e.getMessage());
        NasConfig fractionalSizes = NasConfig.load(null, List.of("predictor-bench.train-sizes=[25, 2.5]"));
        e = assertThrows(BadInputException.class, () -> fractionalSizes.getIntList("predictor-bench.train-sizes"));
        assertTrue(e.getMessage().endsWith(": expected an integer, got 2.5"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("strategy.nsga2=5")));
        assertTrue(e.getMessage().endsWith("expected an object {...}, got 5"), e.getMessage());
        // substitutions are resolved before the types are checked (conf/*.conf use ${SPARKNAS_HOME})
        Path substituted = dir.resolve("substituted.conf");
        Files.writeString(substituted, "root = \"/data\"\nevaluator.tabular.tables = [${root}\"/a.csv\"]\nsearch.budget = ${search.batch}\n");
        var e2 = assertThrows(BadInputException.class, () -> NasConfig.load(substituted.toFile(), List.of()));
        assertTrue(e2.getMessage().contains("unknown config key 'root'"), e2.getMessage());
        Files.writeString(substituted, "evaluator.tabular.tables = [${search.space}\"/a.csv\"]\nsearch.budget = ${search.batch}\n");
        NasConfig resolved = NasConfig.load(substituted.toFile(), List.of());
        assertEquals(List.of("nb201/a.csv"), resolved.getStringList("evaluator.tabular.tables"));
        assertEquals(10, resolved.getInt("search.budget"));
        // HOCON's own conversions stay allowed
        assertEquals(7, NasConfig.load(null, List.of("search.budget=\"7\"", "evaluator.tabular.objective=42")).getInt("search.budget"));
    }

    @Test
    void impossibleValuesAndMalformedInputAreRejected(@TempDir Path dir) throws IOException {
        NasConfig negative = NasConfig.load(null, List.of("search.budget=-3"));
        assertEquals("config key 'search.budget' must be > 0, got -3",
                assertThrows(BadInputException.class, () -> io.sparknas.jobs.search.SearchJobSettings.BUDGET.get(negative)).getMessage());
        assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("no-equals-sign")));
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(new File(dir.toFile(), "missing.conf"), List.of()))
                .getMessage().contains("missing.conf: no such file"));
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "search { budget = \n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(broken.toFile(), List.of()))
                .getMessage().contains("broken.conf"));
        assertEquals("config key 'evaluator.tabular.objective' must be set", assertThrows(BadInputException.class,
                () -> io.sparknas.jobs.data.TabularSettings.OBJECTIVE.get(NasConfig.load(null, List.of()))).getMessage());
    }

    @Test
    void aRenamedKeyIsRefusedNamingItsNewName(@TempDir Path dir) throws IOException {
        assertEquals("config key 'benchmark.tables' was renamed to 'evaluator.tabular.tables' (--set benchmark.tables=[a.csv]: 1)",
                assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("benchmark.tables=[a.csv]")))
                        .getMessage());
        Path old = dir.resolve("old.conf");
        Files.writeString(old, "predictor {\n  kind = gcn\n  train_sizes = [10]\n}\n");
        String message = assertThrows(BadInputException.class, () -> NasConfig.load(old.toFile(), List.of())).getMessage();
        assertTrue(message.startsWith("config key 'predictor.") && message.contains("was renamed to '"), message);
        assertTrue(message.contains("old.conf"), message);
        // the shared booster shape and the benchmark's own report column keep their names
        NasConfig kept = NasConfig.load(null, List.of("predictor.xgboost.rounds=7", "benchmark.report=x"));
        assertEquals(7, kept.getInt("predictor.xgboost.rounds"));
    }

    @Test
    void aConfigStoredByTheEarlierVersionIsMigratedWhenReadBack() {
        // as an earlier version stored it: the whole config, with the tabular keys under benchmark and the search's
        // report metric in benchmark.report
        String stored = "{\"benchmark\":{\"tables\":[\"t.csv\"],\"objective\":\"acc\",\"report\":\"test\","
                + "\"fidelity\":\"12ep\",\"budget\":100},\"predictor\":{\"kinds\":[\"gcn\"],\"train_sizes\":[25],"
                + "\"kind\":\"mlp\",\"target\":\"acc\",\"xgboost\":{\"rounds\":9}},\"search\":{\"budget\":12}}";
        NasConfig config = NasConfig.fromRendered(stored);
        assertEquals(List.of("t.csv"), io.sparknas.jobs.data.TabularSettings.TABLES.get(config));
        assertEquals("acc", io.sparknas.jobs.data.TabularSettings.OBJECTIVE.get(config));
        assertEquals("12ep", io.sparknas.jobs.data.TabularSettings.FIDELITY.get(config));
        assertEquals("test", io.sparknas.jobs.search.SearchJobSettings.REPORT.get(config));
        assertEquals("test", io.sparknas.jobs.bench.benchmark.BenchmarkSettings.REPORT.get(config));
        assertEquals(12, io.sparknas.jobs.search.SearchJobSettings.BUDGET.get(config));
        assertEquals(List.of("gcn"), io.sparknas.jobs.bench.predictor.PredictorBenchSettings.KINDS.get(config));
        assertEquals(List.of(25), io.sparknas.jobs.bench.predictor.PredictorBenchSettings.TRAIN_SIZES.get(config));
        assertEquals(9, io.sparknas.jobs.predictors.XgboostKeys.ROUNDS.get(config));
        assertEquals("mlp", config.getString("train-predictor.kind"));
        // the migrated config renders under the new names only: a resumed run stores what it read
        assertFalse(config.render().contains("train_sizes"), config.render());
        assertEquals(config.render(), NasConfig.fromRendered(config.render()).render());
    }

    @Test
    void renderedConfigLoadsBackToTheSameValues() {
        NasConfig config = NasConfig.load(null, List.of("search.seed=11", "evaluator.tabular.objective=x"));
        NasConfig again = NasConfig.fromRendered(config.render());
        assertEquals(11, again.getLong("search.seed"));
        assertEquals("x", again.getString("evaluator.tabular.objective"));
        assertEquals(config.render(), again.render());
    }

    @Test
    void aRealKeyWhoseDefaultIsWholeTakesAFraction() {
        // successive-halving.eta defaults to 3, which HOCON stores as an integer; it is a real reduction factor
        assertEquals(2.5, NasConfig.load(null, List.of("successive-halving.eta=2.5")).getDouble("successive-halving.eta"));
        assertEquals(3.0, NasConfig.load(null, List.of()).getDouble("successive-halving.eta"));
    }

    @Test
    void anIncludeOfAMissingFileIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        // Typesafe skips a plain include of a missing file: the config would run on the defaults
        Path plain = dir.resolve("plain.conf");
        Files.writeString(plain, "include \"missing.conf\"\nsearch.batch = 4\n");
        String message = assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage();
        assertEquals("--config " + plain + ": include \"missing.conf\": no such file (looked beside the including file "
                + "and on the classpath)", message);
        assertFalse(message.contains("\n"), message);
        // without an extension Typesafe tries .conf, .json and .properties: none there is the same error
        Files.writeString(plain, "include \"missing\"\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage()
                .contains("include \"missing\": no such file"));
        // required(...), file(...) and classpath(...) as well
        Files.writeString(plain, "include required(\"gone.conf\")\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage()
                .contains("include \"gone.conf\": no such file"));
        Files.writeString(plain, "include file(\"" + dir.resolve("nofile.conf") + "\")\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage()
                .contains("include file(\"" + dir.resolve("nofile.conf") + "\"): no such file"));
        Files.writeString(plain, "include classpath(\"no-such-resource.conf\")\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage()
                .contains("include classpath(\"no-such-resource.conf\"): no such file"));
        // an include inside an included file: the file that is missing is named
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/middle.conf"), "search.seed = 3\ninclude \"innermost.conf\"\n");
        Files.writeString(plain, "include \"sub/middle.conf\"\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(plain.toFile(), List.of())).getMessage()
                .contains("include \"innermost.conf\": no such file"));
    }

    @Test
    void includesOfExistingFilesAndEnvironmentSubstitutionsStillWork(@TempDir Path dir) throws IOException {
        // the shipped GPU config includes the quickstart beside it, and sets a few Spark settings of its own
        Path gpu = SharedBenchmarks.repoRoot().resolve("conf/gpu-cluster.conf");
        NasConfig config = NasConfig.load(gpu.toFile(), List.of());
        assertEquals("nsga2", config.getString("search.strategy")); // from quickstart.conf
        assertEquals(256, config.getInt("evaluator.dl4j-train.batch-size")); // from gpu-cluster.conf itself
        assertEquals("2", String.valueOf(config.getFreeForm("spark.conf").get("spark.executorEnv.OMP_NUM_THREADS")));
        // a relative --config path: the include is still found beside it (the working directory is jobs/)
        Path relative = Path.of("").toAbsolutePath().relativize(gpu);
        assertEquals("nsga2", NasConfig.load(relative.toFile(), List.of()).getString("search.strategy"));
        // includes nest, relative to the including file; required(...) of a file that is there is fine
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner.conf"), "search.seed = 9\n");
        Files.writeString(dir.resolve("sub/middle.conf"), "include \"inner.conf\"\nsearch.batch = 6\n");
        Path top = dir.resolve("top.conf");
        Files.writeString(top, "include required(\"sub/middle.conf\")\nsearch.budget = 60\nstore.path = ${HOME}\"/w\"\n");
        NasConfig nested = NasConfig.load(top.toFile(), List.of());
        assertEquals(9, nested.getInt("search.seed"));
        assertEquals(6, nested.getInt("search.batch"));
        assertEquals(60, nested.getInt("search.budget"));
        assertEquals(System.getenv("HOME") + "/w", nested.getString("store.path"));
        // an optional environment substitution that is not set leaves the default
        Files.writeString(top, "search.budget = ${?SPARKNAS_NO_SUCH_VARIABLE}\n");
        assertEquals(NasConfig.load(null, List.of()).getInt("search.budget"), NasConfig.load(top.toFile(), List.of()).getInt("search.budget"));
    }

    @Test
    void aSubstitutionCycleIsAnErrorNamingTheKeyNotTheDefault(@TempDir Path dir) throws IOException {
        // HOCON resolves each of these to the default underneath: the run would quietly use search.budget = 100
        String self = assertThrows(BadInputException.class, () -> NasConfig.load(null, List.of("search.budget=${search.budget}")))
                .getMessage();
        assertEquals("config key 'search.budget' (--set search.budget=${search.budget}: 1): ${search.budget} leads back to "
                + "'search.budget' itself (a substitution cycle), which HOCON quietly resolves to the default: set a value", self);
        String cycle = assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("search.budget=${search.batch}", "search.batch=${search.budget}"))).getMessage();
        assertTrue(cycle.matches("config key 'search\\.(budget|batch)' .*leads back to .*a substitution cycle.*"), cycle);
        Path file = dir.resolve("cycle.conf");
        Files.writeString(file, "search {\n  budget = ${search.batch}\n  batch = ${search.budget}\n}\n");
        String inFile = assertThrows(BadInputException.class, () -> NasConfig.load(file.toFile(), List.of())).getMessage();
        assertTrue(inFile.matches("config key 'search\\.(budget|batch)' \\(" + java.util.regex.Pattern.quote(file.toString())
                + ": [23]\\): .*a substitution cycle.*"), inFile);
        Files.writeString(file, "search.budget = ${search.budget}\n");
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(file.toFile(), List.of())).getMessage()
                .startsWith("config key 'search.budget' (" + file + ": 1): ${search.budget} leads back"));
        // through a default that is itself a substitution: throughput.rounds = ${predictor.xgboost.rounds}
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("predictor.xgboost.rounds=${throughput.rounds}"))).getMessage()
                .startsWith("config key 'predictor.xgboost.rounds' "));
        // what is not a cycle stays allowed: another key's default, an earlier value of the same file,
        // a later --set replacing the cycle, an optional substitution, an extension of a default list
        assertEquals(10, NasConfig.load(null, List.of("search.budget=${search.batch}")).getInt("search.budget"));
        Files.writeString(file, "search.budget = 5\nsearch.budget = ${search.budget}\n");
        assertEquals(5, NasConfig.load(file.toFile(), List.of()).getInt("search.budget"));
        assertEquals(3, NasConfig.load(null, List.of("search.budget=${search.batch}", "search.batch=${search.budget}",
                "search.budget=3")).getInt("search.batch"));
        assertEquals(100, NasConfig.load(null, List.of("search.budget=${?search.budget}")).getInt("search.budget"));
        assertEquals(List.of("random", "regularized-evolution", "nsga2"), NasConfig.load(null,
                List.of("benchmark.strategies=${benchmark.strategies} [nsga2]")).getStringList("benchmark.strategies"));
    }

    @Test
    void sparkConfTakesOnlyAllowedKeysInAFileASetAndAStoredConfig(@TempDir Path dir) throws IOException {
        String refused = "spark.conf \"spark.driver.defaultJavaOptions\" is not a setting a config may make (allowed: tuning, "
                + "memory, shuffle, SQL and Delta settings); pass it to spark-submit --conf";
        String set = assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("spark.conf.\"spark.driver.defaultJavaOptions\"=\"-Dx=1\""))).getMessage();
        assertTrue(set.startsWith(refused + "; set at --set spark.conf."), set);
        Path file = dir.resolve("spark.conf");
        Files.writeString(file, "spark.conf {\n  \"spark.sql.shuffle.partitions\" = 4\n  \"spark.executorEnv.LD_PRELOAD\" = \"/tmp/x.so\"\n}\n");
        String inFile = assertThrows(BadInputException.class, () -> NasConfig.load(file.toFile(), List.of())).getMessage();
        assertEquals("spark.conf \"spark.executorEnv.LD_PRELOAD\" is not a setting a config may make (allowed: tuning, "
                + "memory, shuffle, SQL and Delta settings); pass it to spark-submit --conf; set at " + file + ": 3", inFile);
        // Delta's retention check stays on: turning it off is how a VACUUM destroys a store's history
        assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("spark.conf.\"spark.databricks.delta.retentionDurationCheck.enabled\"=false")));
        // an unquoted Spark key becomes nested objects: refused with the way to write it
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("spark.conf.spark.sql.shuffle.partitions=4"))).getMessage()
                .startsWith("spark.conf \"spark\" is an object, not a setting: quote each Spark key whole"));
        // a thread count in the executors' environment is a whole number
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.load(null,
                List.of("spark.conf.\"spark.executorEnv.OMP_NUM_THREADS\"=\"2; rm -rf /\""))).getMessage()
                .startsWith("spark.conf \"spark.executorEnv.OMP_NUM_THREADS\" must be a whole number of threads"));
        // a run's stored config is data: a resumed run (or a report) refuses it as well
        String stored = NasConfig.load(null, List.of("spark.conf.\"spark.sql.shuffle.partitions\"=3")).render()
                .replace("\"spark.sql.shuffle.partitions\"", "\"spark.plugins\"");
        assertTrue(stored.contains("\"spark.plugins\""), stored);
        assertTrue(assertThrows(BadInputException.class, () -> NasConfig.fromRendered(stored)).getMessage()
                .startsWith("spark.conf \"spark.plugins\" is not a setting a config may make"));
        // the settings the shipped configs, notebooks and README use pass
        NasConfig allowed = NasConfig.load(null, List.of("spark.conf.\"spark.sql.shuffle.partitions\"=7",
                "spark.conf.\"spark.ui.enabled\"=false", "spark.conf.\"spark.task.cpus\"=2",
                "spark.conf.\"spark.executor.resource.gpu.amount\"=1", "spark.conf.\"spark.task.resource.gpu.amount\"=1",
                "spark.conf.\"spark.executorEnv.OMP_NUM_THREADS\"=2"));
        assertEquals(6, allowed.getFreeForm("spark.conf").size());
        assertEquals(allowed.render(), NasConfig.fromRendered(allowed.render()).render());
    }
}
