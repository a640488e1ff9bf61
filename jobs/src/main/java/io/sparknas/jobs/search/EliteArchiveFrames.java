package io.sparknas.jobs.search;

import io.sparknas.jobs.store.Columns;
import io.sparknas.population.Objective;
import io.sparknas.population.strategy.MapElites;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The MAP-Elites archive of record as a group-by over evaluated candidates: one elite per descriptor
 * cell, however many rows there are. The strategy keeps its own copy on the driver to steer the
 * search; this one answers for a whole run straight from the {@code evaluations} table.
 */
public final class EliteArchiveFrames {
    public static final String CELL = "cell";
    public static final String UTILITY = "utility";
    /** Columns of {@link #coverageAndQdScore}'s one-row aggregate. */
    private static final String FILLED = "filled";
    private static final String QD_SCORE = "qd_score";

    private EliteArchiveFrames() {
    }

    /** Elites of {@code evaluated} (rows with canonical_key, arch, metrics): cell, canonical_key, arch, utility. */
    public static Dataset<Row> elites(Dataset<Row> evaluated, List<MapElites.Descriptor> descriptors, Objective objective) {
        Column cell = lit(0);
        for (MapElites.Descriptor d : descriptors) {
            Column value = col(Columns.METRICS).getItem(d.metric());
            Column bin = greatest(lit(0), least(lit(d.bins() - 1),
                    floor(value.minus(d.min()).divide(d.max() - d.min()).multiply(d.bins())).cast("int")));
            cell = cell.multiply(d.bins()).plus(when(value.isNull().or(isnan(value)), lit(null)).otherwise(bin));
        }
        Column objectiveValue = col(Columns.METRICS).getItem(objective.metric());
        Column utility = objective.direction() == Objective.Direction.MAXIMIZE ? objectiveValue : objectiveValue.multiply(-1);
        return evaluated.withColumn(CELL, cell).withColumn(UTILITY, utility)
                .filter(col(CELL).isNotNull().and(col(UTILITY).isNotNull()).and(isnan(col(UTILITY)).unary_$bang()))
                .groupBy(CELL)
                .agg(max_by(struct(col(Columns.CANONICAL_KEY), col(Columns.ARCH), col(UTILITY)), col(UTILITY)).as("elite"))
                .select(col(CELL), col("elite." + Columns.CANONICAL_KEY), col("elite." + Columns.ARCH), col("elite." + UTILITY));
    }

    /** Coverage (filled cells over all cells) and QD-score (sum of the elites' utilities), in one pass. */
    public static double[] coverageAndQdScore(Dataset<Row> elites, int totalCells) {
        Row row = elites.agg(count(lit(1)).as(FILLED), sum(col(UTILITY)).as(QD_SCORE)).first();
        double filled = row.getLong(row.fieldIndex(FILLED));
        int qdScore = row.fieldIndex(QD_SCORE);
        return new double[] {filled / totalCells, row.isNullAt(qdScore) ? 0.0 : row.getDouble(qdScore)};
    }
}
