package io.sparknas.jobs.config;

import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code spark.conf} allow-list against Spark's own registry of settings, read at test time: every
 * key Spark (core, SQL) or Delta defines whose name or documentation speaks of classes, plugins, JVM
 * options, environments, library or class paths, discovery scripts, jars, codecs, serializers,
 * providers or factories is refused, as are hand-picked keys outside the registry; the keys the
 * shipped configs use are allowed.
 */
class SparkSettingsTest {
    /** What a setting that loads code, runs a script or sets an environment speaks of. */
    private static final Pattern CODE = Pattern.compile("(?i)class|plugin|javaoptions|env|librarypath|discoveryscript|jars"
            + "|codec|serializer|provider|factory");
    /**
     * Objects whose initialisation registers Spark's and Delta's settings (ConfigEntry registers itself
     * when built): core's config package objects, SQL's, Delta's.
     */
    private static final List<String> REGISTRIES = List.of("org.apache.spark.internal.config.package$",
            "org.apache.spark.internal.config.Deploy$", "org.apache.spark.internal.config.History$",
            "org.apache.spark.internal.config.Kryo$", "org.apache.spark.internal.config.Network$",
            "org.apache.spark.internal.config.Python$", "org.apache.spark.internal.config.R$",
            "org.apache.spark.internal.config.Status$", "org.apache.spark.internal.config.Streaming$",
            "org.apache.spark.internal.config.Tests$", "org.apache.spark.internal.config.UI$",
            "org.apache.spark.internal.config.Worker$", "org.apache.spark.sql.internal.SQLConf$",
            "org.apache.spark.sql.internal.StaticSQLConf$", "org.apache.spark.sql.delta.sources.DeltaSQLConf$");
    /** Settings Spark documents (configuration.md) that no ConfigEntry defines: Spark reads them by name. */
    private static final Set<String> DOCUMENTED_OUTSIDE_THE_REGISTRY = Set.of("spark.default.parallelism",
            "spark.shuffle.io.maxRetries", "spark.shuffle.io.retryWait");
    /** Code, options, environments and history-destroying settings outside (or not caught by) the registry scan. */
    private static final List<String> BY_HAND = List.of("spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions",
            "spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions", "spark.executorEnv.LD_PRELOAD",
            "spark.executorEnv.PATH", "spark.executorEnv.JAVA_TOOL_OPTIONS", "spark.yarn.appMasterEnv.X",
            "spark.kubernetes.driverEnv.X", "spark.io.compression.codec", "spark.sql.hive.metastore.jars",
            "spark.sql.extensions", "spark.sql.catalog.spark_catalog", "spark.sql.catalog.evil", "spark.plugins", "spark.jars",
            "spark.jars.packages", "spark.files", "spark.archives", "spark.submit.pyFiles", "spark.extraListeners",
            "spark.executor.resource.gpu.discoveryScript", "spark.executor.resource.gpu.vendor",
            "spark.driver.resource.gpu.discoveryScript", "spark.task.resource.gpu.discoveryScript",
            "spark.databricks.delta.retentionDurationCheck.enabled",
            "spark.databricks.delta.properties.defaults.logRetentionDuration",
            "spark.databricks.delta.properties.defaults.deletedFileRetentionDuration",
            "spark.hadoop.fs.s3a.aws.credentials.provider", "spark.hadoop.fs.file.impl", "spark.storage.replication.policy",
            "spark.shuffle.manager", "spark.sql.sources.commitProtocolClass", "spark.sql.streaming.stateStore.providerClass",
            "spark.serializer", "spark.kryo.registrator", "spark.scheduler.allocation.file", "spark.driver.log.dfsDir",
            "spark.master", "spark.submit.deployMode", "spark.driver.host", "spark.ui.filters", "spark.executorEnv.",
            "spark.executor.resource..amount", "spark.executorEnv.OMP_NUM_THREADS.x", "SPARK.PLUGINS", " spark.sql.shuffle.partitions");

    private static Map<String, ConfigEntry<?>> registry;

    @BeforeAll
    static void loadSparksRegistry() throws ClassNotFoundException {
        for (String name : REGISTRIES) {
            Class.forName(name, true, SparkSettingsTest.class.getClassLoader());
        }
        registry = new TreeMap<>(ConfigEntry$.MODULE$.knownConfigs());
    }

    /** The typed default of an entry, when it has one (null for an optional or string-valued entry). */
    private static Object typedDefault(ConfigEntry<?> entry) {
        try {
            return entry.defaultValue().isDefined() ? entry.defaultValue().get() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void everySettingSparkDocumentsAsLoadingCodeOrSettingAnEnvironmentIsRefused() {
        Set<String> checked = new TreeSet<>();
        int byName = 0;
        int byDoc = 0;
        for (Map.Entry<String, ConfigEntry<?>> entry : registry.entrySet()) {
            String key = entry.getKey();
            if (CODE.matcher(key).find()) {
                byName++;
                checked.add(key);
            } else if (CODE.matcher(entry.getValue().doc()).find()) {
                // a boolean, number, size or duration cannot name a class, options or an environment,
                // whatever its documentation says about them ("compression will use spark.io.compression.codec")
                Object value = typedDefault(entry.getValue());
                if (!(value instanceof Boolean || value instanceof Number)) {
                    byDoc++;
                    checked.add(key);
                }
            }
        }
        // SQL's public settings by their own listing too (the registry above holds them already); the listing
        // warns, with a stack trace, that Hive's settings are not on the classpath
        String sqlConfLogger = "org.apache.spark.sql.internal.SQLConf";
        org.apache.logging.log4j.Level level = org.apache.logging.log4j.LogManager.getLogger(sqlConfLogger).getLevel();
        org.apache.logging.log4j.core.config.Configurator.setLevel(sqlConfLogger, org.apache.logging.log4j.Level.ERROR);
        try {
            for (scala.Tuple4<String, String, String, String> conf
                    : JavaConverters.seqAsJavaList(org.apache.spark.sql.internal.SQLConf.get().getAllDefinedConfs())) {
                if (CODE.matcher(conf._1()).find() || CODE.matcher(conf._3()).find() && !conf._2().matches("true|false|-?[0-9.]+\\w*")) {
                    checked.add(conf._1());
                }
            }
        } finally {
            org.apache.logging.log4j.core.config.Configurator.setLevel(sqlConfLogger, level);
        }
        assertTrue(byName > 40 && byDoc > 15, "the registry scan found too little: " + byName + " by name, " + byDoc + " by doc");
        assertTrue(checked.containsAll(List.of("spark.driver.extraJavaOptions", "spark.executor.extraClassPath", "spark.plugins",
                "spark.sql.extensions", "spark.serializer", "spark.io.compression.codec", "spark.sql.queryExecutionListeners",
                "spark.extraListeners", "spark.resources.discoveryPlugin", "spark.sql.cache.serializer")), checked.toString());
        checked.addAll(BY_HAND);
        List<String> allowed = new ArrayList<>();
        for (String key : checked) {
            try {
                SparkSettings.check(key, "x", "");
                allowed.add(key);
            } catch (BadInputException e) {
                assertEquals("spark.conf \"" + key + "\" is not a setting a config may make (allowed: tuning, memory, shuffle, "
                        + "SQL and Delta settings); pass it to spark-submit --conf", e.getMessage());
            }
        }
        assertEquals(List.of(), allowed, "settings that load code or set an environment, allowed");
        System.out.println("spark.conf allow-list: " + checked.size() + " keys checked and refused (" + byName
                + " by name and " + byDoc + " by documentation from " + registry.size() + " registered settings, "
                + BY_HAND.size() + " by hand); " + (SparkSettings.EXACT.size() + SparkSettings.THREAD_COUNTS.size())
                + " keys and 1 family allowed");
    }

    @Test
    void everyAllowedKeyIsARealSettingWithAPlainValue() {
        for (String key : SparkSettings.EXACT) {
            ConfigEntry<?> entry = registry.get(key);
            if (entry == null) {
                assertTrue(DOCUMENTED_OUTSIDE_THE_REGISTRY.contains(key), key + " is no Spark or Delta setting");
                continue;
            }
            assertFalse(CODE.matcher(key).find(), key);
            // a string-valued one must be a short name Spark checks itself, never a class
            Object value = typedDefault(entry);
            if (!(value instanceof Boolean || value instanceof Number)) {
                assertFalse(entry.defaultValueString().matches(".*[a-z]+\\.[a-z]+\\.[A-Z].*"), key + " defaults to a class name");
            }
        }
        // the family: only amounts, and every amount Spark registers is a number
        for (Map.Entry<String, ConfigEntry<?>> entry : registry.entrySet()) {
            if (SparkSettings.allowed(entry.getKey()) && !SparkSettings.EXACT.contains(entry.getKey())) {
                assertTrue(SparkSettings.RESOURCE_AMOUNT.matcher(entry.getKey()).matches(), entry.getKey());
            }
        }
        for (String key : List.of("spark.executor.resource.gpu.amount", "spark.task.resource.gpu.amount",
                "spark.driver.resource.fpga.amount", "spark.executorEnv.OMP_NUM_THREADS", "spark.executorEnv.MKL_NUM_THREADS",
                "spark.executorEnv.OPENBLAS_NUM_THREADS")) {
            assertEquals(key, SparkSettings.check(key, 2, ""));
        }
        assertThrows(BadInputException.class, () -> SparkSettings.check("spark.executorEnv.OMP_NUM_THREADS", "0", ""));
        assertThrows(BadInputException.class, () -> SparkSettings.check("spark.executorEnv.OMP_NUM_THREADS", "2 x", ""));
        assertThrows(BadInputException.class, () -> SparkSettings.check("spark.executorEnv.OMP_NUM_THREADS", "99999", ""));
    }

    @Test
    void theSparkSettingsOfTheShippedConfigsNotebooksAndReadmeAreAllowed() throws IOException {
        Path root = SharedBenchmarks.repoRoot();
        // "spark.x.y" = ... in spark.conf blocks; spark.conf."spark.x.y"=... in --set lines (notebooks escape the quotes)
        Pattern quoted = Pattern.compile("\"(spark\\.[A-Za-z0-9_.-]+)\"\\s*=|spark\\.conf\\.\\\\*\"(spark\\.[A-Za-z0-9_.-]+)\\\\*\"");
        Set<String> used = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("jobs/src/main/resources/reference.conf"),
                root.resolve("jobs/src/test/java/io/sparknas/jobs/cli/HelpAndDryRunTest.java")));
        for (String folder : List.of("conf", "notebooks")) {
            try (Stream<Path> paths = Files.walk(root.resolve(folder))) {
                paths.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(conf|ipynb|py)")).forEach(files::add);
            }
        }
        for (Path file : files) {
            Matcher m = quoted.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        assertTrue(used.containsAll(List.of("spark.executor.resource.gpu.amount", "spark.task.cpus", "spark.ui.enabled",
                "spark.executorEnv.OMP_NUM_THREADS", "spark.sql.shuffle.partitions")), used.toString());
        used.remove("spark.x.y"); // the README's placeholder
        for (String key : used) {
            assertTrue(SparkSettings.allowed(key), key + " is used by a shipped file but not allowed");
        }
        // the shipped configs load as a whole (gpu-cluster.conf includes quickstart.conf)
        for (Path conf : files.stream().filter(p -> p.toString().endsWith(".conf") && p.getParent().endsWith("conf")).toList()) {
            if (!Files.readString(conf).contains("${SPARKNAS_HOME}") || System.getenv("SPARKNAS_HOME") != null) {
                NasConfig.load(conf.toFile(), List.of());
            }
        }
    }
}
