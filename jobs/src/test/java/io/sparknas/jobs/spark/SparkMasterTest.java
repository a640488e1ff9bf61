package io.sparknas.jobs.spark;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config's spark.master is checked before Spark starts (it is not used when spark-submit gave a master). */
class SparkMasterTest {
    @Test
    void everyFormSparkKnowsPasses() {
        for (String master : List.of("local", "local[1]", "local[16]", "local[*]", "local[4,3]", "local[*, 2]",
                "local-cluster[2,1,1024]", "local-cluster[ 2 , 1 , 512 ]", "spark://host:7077", "spark://a:7077,b:7078",
                "spark://[::1]:7077", "yarn", "k8s://https://kube:6443", "mesos://zk://z:2181/mesos")) {
            assertEquals(master, SparkSessions.checkMaster(master));
        }
    }

    @Test
    void aBadMasterIsOneLineNamingTheKeyAndTheValue() {
        assertEquals("config key 'spark.master': 'nonsense' is not a Spark master URL (local, local[N], local[*], local[N,F], "
                + "local-cluster[N,C,M], spark://host:port, yarn, k8s://..., mesos://...)", message("nonsense"));
        assertEquals("config key 'spark.master': 'local[0]' asks for 0 threads (1 to 999999999)", message("local[0]"));
        assertEquals("config key 'spark.master': 'local[2,0]' allows 0 task attempts (1 to 999999999)", message("local[2,0]"));
        for (String bad : List.of("local[x]", "local[]", "local[-1]", "LOCAL", "local[2", "local-cluster[0,1,1024]",
                "local-cluster[2,1]", "spark://host", "spark://", "yarn-client", "k8s://", "", " local")) {
            assertTrue(message(bad).startsWith("config key 'spark.master': '" + bad + "' "), bad + ": " + message(bad));
        }
        // through the CLI: exit 2 and one line, before anything is started or written
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "sql", "--set", "spark.master=\"local[x]\"", "SELECT 1");
        assertEquals(NasCli.BAD_INPUT, code, err.toString());
        assertEquals("sparknas: config key 'spark.master': 'local[x]' is not a Spark master URL", err.toString().strip()
                .replaceAll(" \\(local, .*", ""));
    }

    @Test
    void theDryRunRefusesABadMasterAndADisallowedSparkSettingPrintingNothing() {
        for (String[] set : List.of(new String[] {"spark.master=\"local[0]\"", "config key 'spark.master': 'local[0]' asks for 0 threads"},
                new String[] {"spark.conf.\"spark.driver.defaultJavaOptions\"=\"-Dx=1\"",
                        "spark.conf \"spark.driver.defaultJavaOptions\" is not a setting a config may make"})) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = NasCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "search", "--dry-run", "--set", set[0]);
            assertEquals(NasCli.BAD_INPUT, code, err.toString());
            assertTrue(err.toString().strip().startsWith("sparknas: " + set[1]), err.toString());
            assertEquals("", out.toString());
        }
    }

    @Test
    void aMasterOfTheRightFormThatSparkCannotStartOnIsBadInputToo() {
        // YARN's cluster manager is not on this classpath: Spark "could not parse" the URL when its context starts
        Assumptions.assumeTrue(org.apache.spark.sql.SparkSession.getDefaultSession().isEmpty(), "a Spark context of this JVM is running already");
        BadInputException e = assertThrows(BadInputException.class, () -> SparkSessions.getOrCreate(
                NasConfig.load(null, List.of("spark.master=yarn"))));
        assertTrue(e.getMessage().startsWith("config key 'spark.master': Spark cannot start on 'yarn': "), e.getMessage());
        assertTrue(org.apache.spark.sql.SparkSession.getDefaultSession().isEmpty());
    }

    private static String message(String master) {
        return assertThrows(BadInputException.class, () -> SparkSessions.checkMaster(master)).getMessage();
    }
}
