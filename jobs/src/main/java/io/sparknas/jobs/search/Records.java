package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.pareto.ParetoRanking;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import scala.collection.JavaConverters;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of the result tables, built in the column order of {@link io.sparknas.jobs.store.Tables}. */
public final class Records {
    private Records() {
    }

    /** @param costs params and flops of each candidate (the candidates table's columns) */
    static List<Row> candidates(List<Candidate> asked, SearchSpace space, CostMetrics costs, String runId) {
        return asked.stream().map(candidate -> {
            Map<String, Double> cost = costs.of(space.decode(candidate.genome()));
            return RowFactory.create(candidate.canonicalKey(), space.name(), candidate.arch(), candidate.genome().toArray(),
                    cost.get("params"), cost.get("flops"), runId);
        }).toList();
    }

    /**
     * The population ranked as NSGA-II ranks it (constraint domination, fronts numbered from 1,
     * crowding distance); with one objective the first front is the best value.
     */
    static List<Row> population(String runId, int generation, List<Individual> population, SearchGoals goals) {
        List<Row> rows = new ArrayList<>(population.size());
        for (ParetoRanking.Ranked ranked : ParetoRanking.rank(population, goals.objectives(), goals.constraints())) {
            Individual individual = ranked.individual();
            Map<String, Double> objectives = new LinkedHashMap<>();
            goals.objectives().forEach(o -> objectives.put(o.metric(), individual.metrics().getOrDefault(o.metric(), Double.NaN)));
            rows.add(RowFactory.create(runId, generation, individual.canonicalKey(), individual.arch(), ranked.rank() + 1,
                    Double.isFinite(ranked.crowding()) ? ranked.crowding() : null, scalaMap(objectives), ranked.isPareto()));
        }
        return rows;
    }

    static Row checkpoint(String runId, int generation, String stateJson, Map<String, Double> stepSeconds) {
        return RowFactory.create(runId, generation, stateJson, now(), scalaMap(stepSeconds));
    }

    /** @param leaseOwner the process holding the run ({@link RunLease}), null for none; likewise leaseExpiresAt */
    static Row run(String runId, String config, long seed, String strategy, String space, String status,
                   Timestamp startedAt, Timestamp finishedAt, String codeVersion, String leaseOwner,
                   Timestamp leaseExpiresAt) {
        return run(runId, config, seed, strategy, space, status, startedAt, finishedAt, codeVersion, leaseOwner,
                leaseExpiresAt, null);
    }

    /** @param prior the prior the run started from ({@link io.sparknas.jobs.prior.Priors}), null for none */
    static Row run(String runId, String config, long seed, String strategy, String space, String status,
                   Timestamp startedAt, Timestamp finishedAt, String codeVersion, String leaseOwner,
                   Timestamp leaseExpiresAt, String prior) {
        // with its schema: RunLease reads the run id by name
        return new GenericRowWithSchema(new Object[]{runId, config, seed, strategy, space, status, startedAt, finishedAt,
                codeVersion, leaseOwner, leaseExpiresAt, prior}, Tables.RUNS.schema());
    }

    public static Map<String, Double> metrics(Row evaluation) {
        return evaluation.getJavaMap(evaluation.fieldIndex(Columns.METRICS));
    }

    public static scala.collection.Map<String, Double> scalaMap(Map<String, Double> map) {
        return JavaConverters.mapAsScalaMap(map);
    }

    static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

}
