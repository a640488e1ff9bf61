package io.sparknas.jobs.bench.throughput;

import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.Genome;
import io.sparknas.predictor.features.MobileNetFeatures;
import io.sparknas.hardware.MobileNetGenomeCosts;
import io.sparknas.population.space.MobileNetPackedKey;
import io.sparknas.predictor.xgboost.XgboostPredictor;
import io.sparknas.predictor.xgboost.XgboostTrees;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One Spark task of the macro-space throughput benchmark: generates its share of random genomes and,
 * depending on {@link Stage}, keys, prices, featurizes and predicts them, keeping only the best
 * predicted candidate (what a guided search wants out of millions). Primitive arrays reused across
 * candidates; per task one native booster ({@link Scorer#NATIVE}) or one bounded tree scorer.
 */
final class MacroScoringTask implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    static final String PARTITION = "partition";
    static final String CANDIDATES = "candidates";
    static final String BEST = "best";
    static final String BEST_KEY_HIGH = "best_key_high";
    static final String BEST_KEY_LOW = "best_key_low";
    static final String CHECKSUM = "checksum";
    static final String CPU_SECONDS = "cpu_seconds";
    static final String TREES_VISITED = "trees_visited";
    static final StructType RESULT = new StructType()
            .add(PARTITION, DataTypes.LongType, false).add(CANDIDATES, DataTypes.LongType, false)
            .add(BEST, DataTypes.DoubleType, false).add(BEST_KEY_HIGH, DataTypes.LongType, false)
            .add(BEST_KEY_LOW, DataTypes.LongType, false).add(CHECKSUM, DataTypes.DoubleType, false)
            .add(CPU_SECONDS, DataTypes.DoubleType, false).add(TREES_VISITED, DataTypes.LongType, false);

    /**
     * One task's row of {@link #RESULT}, read by column name.
     *
     * @param candidates   how many candidates the task generated
     * @param best         the best predicted value (of the candidate keyed bestKeyHigh, bestKeyLow)
     * @param cpuSeconds   the task thread's CPU time
     * @param treesVisited trees the bounded scorer evaluated (0 for the native one)
     */
    record Result(long partition, long candidates, double best, long bestKeyHigh, long bestKeyLow, double checksum,
                  double cpuSeconds, long treesVisited) {
        static Result of(Row row) {
            return new Result(row.getLong(row.fieldIndex(PARTITION)), row.getLong(row.fieldIndex(CANDIDATES)),
                    row.getDouble(row.fieldIndex(BEST)), row.getLong(row.fieldIndex(BEST_KEY_HIGH)),
                    row.getLong(row.fieldIndex(BEST_KEY_LOW)), row.getDouble(row.fieldIndex(CHECKSUM)),
                    row.getDouble(row.fieldIndex(CPU_SECONDS)), row.getLong(row.fieldIndex(TREES_VISITED)));
        }
    }

    /** What a pass does, each stage including the ones before it. */
    enum Stage { GENERATE, KEY, COST, FEATURIZE, PREDICT }

    /**
     * How candidates are predicted: NATIVE, every one in full by XGBoost in batches; BOUNDED, on
     * {@link XgboostTrees}, each stopped once it cannot beat the best so far (the same best).
     */
    enum Scorer { NATIVE, BOUNDED }

    private final MobileNetSpace space;
    private final Broadcast<XgboostPredictor> predictor;
    private final long candidates;
    private final int partitions;
    private final int batch;
    private final Stage stage;
    private final Scorer scorer;
    private final boolean stringKeys;
    private final long seed;

    MacroScoringTask(MobileNetSpace space, Broadcast<XgboostPredictor> predictor, long candidates, int partitions,
                     int batch, Stage stage, Scorer scorer, boolean stringKeys, long seed) {
        this.space = space;
        this.predictor = predictor;
        this.candidates = candidates;
        this.partitions = partitions;
        this.batch = batch;
        this.stage = stage;
        this.scorer = scorer;
        this.stringKeys = stringKeys;
        this.seed = seed;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> input) {
        if (!input.hasNext()) { // Spark's row iterators fill their buffer in hasNext()
            return java.util.Collections.emptyIterator();
        }
        long partition = input.next();
        // CPU time of this task's thread (XGBoost predicts on it with nthread 1): on a shared machine
        // it says what a core costs per candidate, which wall time under contention does not
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long share = candidates / partitions + (partition < candidates % partitions ? 1 : 0);
        MobileNetFeatures features = (MobileNetFeatures) predictor.value().featurizer();
        MobileNetGenomeCosts costs = features.costs();
        MobileNetPackedKey packed = new MobileNetPackedKey(space);
        int length = space.length();
        int dimension = features.dimension();
        int[] choices = new int[length];
        for (int gene = 0; gene < length; gene++) {
            choices[gene] = space.choices(gene);
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + partition);
        int[] genes = new int[length];
        long[] keys = new long[2 * batch];
        double[] cost = new double[2];
        float[] matrix = new float[batch * dimension];
        double[] predicted = new double[batch];
        double best = Double.NEGATIVE_INFINITY;
        long bestHigh = 0;
        long bestLow = 0;
        double checksum = 0;
        boolean predict = stage == Stage.PREDICT;
        XgboostTrees.Bounded bounded = predict && scorer == Scorer.BOUNDED ? predictor.value().trees().bounded() : null;
        try (XgboostPredictor.MatrixScorer nativeScorer = predict && bounded == null
                ? predictor.value().matrixScorer() : null) {
            long done = 0;
            while (done < share) {
                int rows = (int) Math.min(batch, share - done);
                float[] rowsMatrix = rows == batch ? matrix : new float[rows * dimension];
                for (int row = 0; row < rows; row++) {
                    generate(random, choices, genes);
                    if (stage.compareTo(Stage.KEY) >= 0) {
                        if (stringKeys) {
                            String key = ((MobileNetArchitecture) space.decode(Genome.of(genes))).canonicalKey();
                            keys[2 * row] = key.hashCode();
                            keys[2 * row + 1] = key.length();
                        } else {
                            packed.encode(genes, keys, 2 * row);
                        }
                    }
                    if (stage.compareTo(Stage.COST) >= 0) {
                        costs.costs(genes, cost);
                        checksum += cost[1] * 1e-9;
                    }
                    if (stage.compareTo(Stage.FEATURIZE) >= 0) {
                        features.write(genes, rowsMatrix, row * dimension, cost[0], cost[1]);
                    }
                }
                if (bounded != null) {
                    bounded.bestAbove(rowsMatrix, rows, dimension, best, predicted);
                } else if (nativeScorer != null) {
                    nativeScorer.predict(rowsMatrix, rows, predicted);
                }
                if (predict) {
                    for (int row = 0; row < rows; row++) {
                        if (predicted[row] > best) {
                            best = predicted[row];
                            bestHigh = keys[2 * row];
                            bestLow = keys[2 * row + 1];
                        }
                    }
                } else {
                    checksum += keys[0] + genes[0] + (rows > 0 ? rowsMatrix[0] : 0);
                }
                done += rows;
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            // the bounded scorer's work; the native one predicts every candidate with every tree
            long treesVisited = bounded != null ? bounded.treesVisited() : 0;
            return List.of(RowFactory.create(partition, share, best, bestHigh, bestLow, checksum, cpuSeconds,
                    treesVisited)).iterator();
        }
    }

    /**
     * Uniform genes from 32 random bits each by multiply-shift (Lemire): a bias below choices / 2^32,
     * and half the random calls of one nextInt per gene.
     */
    private static void generate(SplittableRandom random, int[] choices, int[] genes) {
        int gene = 0;
        while (gene < genes.length) {
            long bits = random.nextLong();
            genes[gene] = (int) (((bits & 0xFFFFFFFFL) * choices[gene]) >>> 32);
            gene++;
            if (gene < genes.length) {
                genes[gene] = (int) (((bits >>> 32) * choices[gene]) >>> 32);
                gene++;
            }
        }
    }
}
