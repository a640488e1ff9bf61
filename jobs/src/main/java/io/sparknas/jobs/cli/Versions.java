package io.sparknas.jobs.cli;

import picocli.CommandLine;

/**
 * {@code --version}: sparknas's version as the jar's manifest records it (the Maven project version), and
 * the versions of what it runs on, which a bug report needs as much.
 */
public final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"sparknas " + io.sparknas.jobs.search.SearchJob.codeVersion(),
                "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Scala "
                        + scala.util.Properties.versionNumberString() + ", Delta " + io.delta.package$.MODULE$.VERSION()
                        + ", Java " + System.getProperty("java.version")};
    }
}
