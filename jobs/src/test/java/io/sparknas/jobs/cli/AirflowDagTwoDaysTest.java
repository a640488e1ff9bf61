package io.sparknas.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DAG's own command lines (conf/airflow/sparknas_dag.py, rendered for two logical dates) run in
 * task order on one empty store: the loop closes on the second day.
 */
@Tag("slow")
class AirflowDagTwoDaysTest extends LocalSpark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dayOneSearchesColdAndDayTwoSearchesFromThePredictorTrainedThatMorning(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("search.conf");
        Files.writeString(conf, String.join("\n",
                "evaluator.tabular.tables = [\"" + SharedBenchmarks.file(SharedBenchmarks.PERSEED) + "\", \""
                        + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]",
                "evaluator.tabular.objective = cifar10_valid_val_acc",
                "search { report = cifar10_test_acc, budget = 30, batch = 10 }",
                "strategy.regularized-evolution { population = 10, sample = 3 }",
                "train-predictor.target = cifar10_valid_val_acc", ""));
        Path store = dir.resolve("store");
        Path out = dir.resolve("out");
        String variables = JSON.writeValueAsString(Map.of("sparknas_config", conf.toString(), "sparknas_store",
                store.toString(), "sparknas_out", out.toString()));

        for (String day : new String[]{"20260315", "20260316"}) {
            JsonNode tasks = AirflowDagTest.commands(dir.resolve("pycache"), day, variables);
            for (String task : new String[]{"train_predictor", "search", "report"}) {
                StringWriter err = new StringWriter();
                int code = NasCli.execute(new PrintWriter(err, true), AirflowDagTest.args(tasks.get(task)));
                assertEquals(0, code, day + " " + task + ": " + err);
            }
        }
        ResultStore results = new ResultStore(spark(), store.toString());
        JsonNode firstTrain = JSON.readTree(out.resolve("20260315/train_predictor.json").toFile());
        assertEquals("skipped", firstTrain.get("status").asText(), firstTrain.toString());
        JsonNode firstPrior = JSON.readTree(results.findRun("nas-20260315").orElseThrow().<String>getAs("prior"));
        assertTrue(firstPrior.get("predictor_id").isNull(), "day 1 is a cold start: " + firstPrior);
        assertEquals("FINISHED", results.findRun("nas-20260315").orElseThrow().getAs("status"));

        JsonNode secondTrain = JSON.readTree(out.resolve("20260316/train_predictor.json").toFile());
        assertEquals("trained", secondTrain.get("status").asText(), secondTrain.toString());
        assertEquals("predictor-20260316", secondTrain.get("predictor_id").asText());
        assertEquals(30, secondTrain.get("n_train").asInt() + secondTrain.get("n_holdout").asInt(),
                "trained on day 1's thirty evaluations");
        JsonNode secondPrior = JSON.readTree(results.findRun("nas-20260316").orElseThrow().<String>getAs("prior"));
        assertEquals("predictor-20260316", secondPrior.get("predictor_id").asText(), secondPrior.toString());
        assertEquals("FINISHED", results.findRun("nas-20260316").orElseThrow().getAs("status"));
        assertTrue(Files.exists(out.resolve("20260316/report.json")));
    }
}
