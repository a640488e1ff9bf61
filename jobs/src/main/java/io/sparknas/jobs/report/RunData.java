package io.sparknas.jobs.report;

import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.SearchGoals;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import org.apache.spark.sql.Row;

import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * Everything a report shows about one run, read from the result tables once and held on the
 * driver: a run's rows are small (one per evaluation and per population member).
 *
 * @param evaluations the run's own evaluations with status OK, in the order they were made
 * @param populations each committed generation's population
 * @param params      analytic parameter count of every candidate the run touched, by canonical key
 */
record RunData(String runId, Row run, NasConfig config, SearchGoals goals, String reportMetric,
               List<Evaluation> evaluations, long failedEvaluations,
               TreeMap<Integer, List<Member>> populations, Map<String, Double> params) {

    record Evaluation(String canonicalKey, String arch, int generation, Map<String, Double> metrics, Timestamp at) {
    }

    record Member(String canonicalKey, String arch, int rank, Map<String, Double> objectives, boolean pareto) {
    }

    /** @throws BadInputException naming the run id (and the store) when the store has no such run */
    static RunData load(ResultStore store, String runId) {
        Row run;
        try {
            run = store.findRun(runId).orElse(null);
        } catch (Exception e) { // Spark's AnalysisException is undeclared: no runs table at all
            throw new BadInputException("--run-id " + runId + ": store " + store.root() + " has no readable runs table ("
                    + firstLine(e) + ")", e);
        }
        if (run == null) {
            throw new BadInputException("--run-id " + runId + ": no such run in store " + store.root());
        }
        NasConfig config = NasConfig.fromRendered(run.getString(run.fieldIndex(Columns.CONFIG)));
        SearchGoals goals = SearchJobSettings.goals(config);

        List<Row> evaluationRows = store.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo(runId)).collectAsList();
        String ok = EvaluationResult.Status.OK.name();
        List<Evaluation> evaluations = evaluationRows.stream()
                .filter(r -> ok.equals(r.getString(r.fieldIndex(Columns.STATUS))))
                .map(r -> new Evaluation(r.getString(r.fieldIndex(Columns.CANONICAL_KEY)), r.getString(r.fieldIndex(Columns.ARCH)),
                        r.getInt(r.fieldIndex(Columns.GENERATION)), Map.copyOf(r.<String, Double>getJavaMap(r.fieldIndex(Columns.METRICS))),
                        r.getTimestamp(r.fieldIndex(Columns.EVALUATED_AT))))
                .sorted(Comparator.comparingInt(Evaluation::generation).thenComparing(Evaluation::at)
                        .thenComparing(Evaluation::canonicalKey))
                .toList();

        TreeMap<Integer, List<Member>> populations = new TreeMap<>();
        for (Row r : store.read(Tables.POPULATIONS).filter(col(Columns.RUN_ID).equalTo(runId)).collectAsList()) {
            populations.computeIfAbsent(r.getInt(r.fieldIndex(Columns.GENERATION)), g -> new java.util.ArrayList<>())
                    .add(new Member(r.getString(r.fieldIndex(Columns.CANONICAL_KEY)), r.getString(r.fieldIndex(Columns.ARCH)),
                            r.getInt(r.fieldIndex(Columns.RANK)), Map.copyOf(r.<String, Double>getJavaMap(r.fieldIndex(Columns.OBJECTIVES))),
                            r.getBoolean(r.fieldIndex(Columns.IS_PARETO))));
        }

        // candidates are keyed by canonical key only: a small join on the run's keys
        Map<String, Double> params = new HashMap<>();
        var runKeys = store.read(Tables.POPULATIONS).filter(col(Columns.RUN_ID).equalTo(runId)).select(Columns.CANONICAL_KEY)
                .union(store.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo(runId)).select(Columns.CANONICAL_KEY))
                .distinct();
        for (Row r : store.read(Tables.CANDIDATES).join(runKeys, Columns.CANONICAL_KEY)
                .select(Columns.CANONICAL_KEY, Columns.PARAMS).collectAsList()) {
            if (!r.isNullAt(r.fieldIndex(Columns.PARAMS))) {
                params.put(r.getString(r.fieldIndex(Columns.CANONICAL_KEY)), r.getDouble(r.fieldIndex(Columns.PARAMS)));
            }
        }
        return new RunData(runId, run, config, goals, SearchJobSettings.from(config).reportMetric(goals), evaluations,
                evaluationRows.size() - evaluations.size(), populations, params);
    }

    String status() {
        return run.getString(run.fieldIndex(Columns.STATUS));
    }

    String column(String name) {
        Object value = run.get(run.fieldIndex(name));
        return value == null ? "" : value.toString();
    }

    /** The best OK evaluation by the primary objective (first seen wins a tie), if any. */
    Optional<Evaluation> best() {
        var objective = goals.primary();
        Evaluation best = null;
        for (Evaluation e : evaluations) {
            if (best == null || objective.utility(e.metrics()) > objective.utility(best.metrics())) {
                best = e;
            }
        }
        return Optional.ofNullable(best).filter(e -> Double.isFinite(objective.utility(e.metrics())));
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
