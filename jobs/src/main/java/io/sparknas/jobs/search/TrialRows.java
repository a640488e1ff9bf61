package io.sparknas.jobs.search;

import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/** The {@code evaluations} table's adapter: its rows as {@link Trial}s and back, columns read by name. */
public final class TrialRows {
    private TrialRows() {
    }

    /** A row of {@code evaluations} (read from the store, or built by an evaluation task), by column name. */
    public static Trial of(Row row) {
        return new Trial(row.getAs(Columns.CANONICAL_KEY), row.getAs(Columns.EVALUATOR), row.getAs(Columns.FIDELITY),
                row.<Long>getAs(Columns.SEED), row.getAs(Columns.RUN_ID), row.getAs(Columns.GENERATION),
                row.getAs(Columns.ARCH), Records.metrics(row),
                EvaluationResult.Status.valueOf(row.getAs(Columns.STATUS)), row.getAs(Columns.REASON),
                row.getAs(Columns.WALL_TIME_S), row.getAs(Columns.EXECUTOR), row.getAs(Columns.EVALUATED_AT),
                row.getAs(Columns.EVALUATOR_CONFIG));
    }

    /** The trial as a row of {@code evaluations}, with its schema. */
    public static Row row(Trial t) {
        Object[] values = new Object[Tables.EVALUATIONS.schema().size()];
        set(values, Columns.CANONICAL_KEY, t.canonicalKey());
        set(values, Columns.EVALUATOR, t.evaluator());
        set(values, Columns.FIDELITY, t.fidelity());
        set(values, Columns.SEED, t.seed());
        set(values, Columns.RUN_ID, t.runId());
        set(values, Columns.GENERATION, t.generation());
        set(values, Columns.ARCH, t.arch());
        set(values, Columns.METRICS, t.metrics() == null ? null : Records.scalaMap(t.metrics()));
        set(values, Columns.STATUS, t.status().name());
        set(values, Columns.REASON, t.reason());
        set(values, Columns.WALL_TIME_S, t.wallTimeS());
        set(values, Columns.EXECUTOR, t.executor());
        set(values, Columns.EVALUATED_AT, t.evaluatedAt());
        set(values, Columns.EVALUATOR_CONFIG, t.evaluatorConfig());
        return new GenericRowWithSchema(values, Tables.EVALUATIONS.schema());
    }

    private static void set(Object[] values, String column, Object value) {
        values[Tables.EVALUATIONS.schema().fieldIndex(column)] = value;
    }
}
