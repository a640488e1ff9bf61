package io.sparknas.jobs.predictors;

import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.map_keys;

/**
 * The labelled architectures of a store: OK evaluations of one space, evaluator and fidelity, the
 * target metric averaged over seeds per canonical key, with the candidate's arch string. Reads one
 * pinned version of each table, so the predictor can say exactly what it was trained on.
 *
 * @param evaluationsVersion the {@code evaluations} version read
 * @param candidatesVersion  the {@code candidates} version read
 * @param rows               canonical key, arch, mean target value, sorted by key
 */
public record EvaluationRows(long evaluationsVersion, long candidatesVersion, List<Labelled> rows) {
    static final String VALUE = "value";
    private static final String VALUES = "n_values";
    private static final String CANDIDATE_ARCH = "candidate_arch";
    /** The column of the metric names exploded from the metrics maps. */
    private static final String METRIC = "metric";

    /** One architecture: its key, string form, and the target averaged over its seeds. */
    public record Labelled(String canonicalKey, String arch, double value) {
    }

    /** What the rows were read from, e.g. {@code evaluations@v12+candidates@v7}. */
    public String source() {
        if (evaluationsVersion < 0) {
            return "a store without " + Tables.EVALUATIONS.tableName();
        }
        return Tables.EVALUATIONS.tableName() + "@v" + evaluationsVersion + "+" + Tables.CANDIDATES.tableName()
                + "@v" + candidatesVersion;
    }

    /**
     * The store's labelled rows; none (and versions -1) when the store has no evaluations yet.
     *
     * @throws BadInputException when rows match the filter but the target metric is in none of them
     */
    public static EvaluationRows read(ResultStore store, String space, String evaluator, String fidelity, String target) {
        for (Tables table : List.of(Tables.EVALUATIONS, Tables.CANDIDATES)) {
            if (!store.exists(table)) {
                return new EvaluationRows(-1, -1, List.of());
            }
        }
        long evaluationsVersion = store.version(Tables.EVALUATIONS);
        long candidatesVersion = store.version(Tables.CANDIDATES);
        String filter = "space=" + space + ", evaluator=" + evaluator + ", fidelity=" + fidelity;
        Dataset<Row> ok = store.readVersion(Tables.EVALUATIONS, evaluationsVersion)
                .filter(col(Columns.EVALUATOR).equalTo(evaluator)
                        .and(col(Columns.FIDELITY).equalTo(fidelity))
                        .and(col(Columns.STATUS).equalTo(EvaluationResult.Status.OK.name())))
                .join(store.readVersion(Tables.CANDIDATES, candidatesVersion)
                        .filter(col(Columns.SPACE).equalTo(space))
                        .select(col(Columns.CANONICAL_KEY), col(Columns.ARCH).as(CANDIDATE_ARCH)), Columns.CANONICAL_KEY);
        List<Row> grouped = ok.groupBy(Columns.CANONICAL_KEY)
                .agg(first(CANDIDATE_ARCH).as(Columns.ARCH), avg(col(Columns.METRICS).getItem(target)).as(VALUE),
                        count(col(Columns.METRICS).getItem(target)).as(VALUES))
                .orderBy(Columns.CANONICAL_KEY).collectAsList();
        String read = " in " + Tables.EVALUATIONS.tableName() + "@v" + evaluationsVersion;
        if (grouped.isEmpty()) {
            return new EvaluationRows(evaluationsVersion, candidatesVersion, List.of());
        }
        List<Labelled> labelled = grouped.stream()
                .filter(r -> r.getLong(r.fieldIndex(VALUES)) > 0 && Double.isFinite(r.getDouble(r.fieldIndex(VALUE))))
                .map(r -> new Labelled(r.getString(r.fieldIndex(Columns.CANONICAL_KEY)), r.getString(r.fieldIndex(Columns.ARCH)),
                        r.getDouble(r.fieldIndex(VALUE)))).toList();
        if (labelled.isEmpty()) {
            List<String> known = ok.select(explode(map_keys(col(Columns.METRICS))).as(METRIC)).distinct().orderBy(col(METRIC))
                    .limit(20).collectAsList().stream().map(r -> r.getString(r.fieldIndex(METRIC))).toList();
            throw new BadInputException(TrainPredictorSettings.TARGET.key() + " '" + target + "' is in none of the " + grouped.size()
                    + " evaluated architectures with " + filter + read + " (metrics there: " + String.join(", ", known) + ")");
        }
        return new EvaluationRows(evaluationsVersion, candidatesVersion, labelled);
    }
}
