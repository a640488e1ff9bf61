package io.sparknas.jobs.testing;

/** JUnit tags with a meaning in the build (pom.xml's test.groups and test.excluded.groups). */
public final class Tags {
    /**
     * The tests the Spark 3.5 leg of {@code bin/test} runs ({@code mvn -P spark-3.5 verify}): search, store,
     * SQL views, XGBoost and standalone cluster, the parts that touch Spark's and Delta's APIs most.
     */
    public static final String SPARK_35 = "spark-3.5";

    private Tags() {
    }
}
