package io.sparknas.jobs.testing;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.spark.SparkSessions;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * One local SparkSession (Delta configured exactly as the jobs configure it) shared by every test
 * of the JVM: starting Spark costs seconds, Delta's first commit tens of seconds.
 */
public abstract class LocalSpark {
    private static SparkSession spark;

    protected static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(NasConfig.load(null, List.of(
                    "spark.master=\"local[2]\"", "spark.app-name=sparknas-tests")));
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }

    /** The quickstart's NB201 CIFAR-10 tables as a --set value. */
    protected static String nb201Tables() {
        return "evaluator.tabular.tables=[\"" + SharedBenchmarks.file(SharedBenchmarks.PERSEED) + "\",\""
                + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]";
    }

    protected static List<String> nb201Cifar10() {
        return List.of(nb201Tables(), "evaluator.tabular.objective=cifar10_valid_val_acc", "search.report=cifar10_test_acc",
                "benchmark.report=cifar10_test_acc");
    }
}
