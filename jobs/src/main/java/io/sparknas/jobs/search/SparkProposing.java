package io.sparknas.jobs.search;

import io.sparknas.population.proposal.Proposal;
import io.sparknas.population.proposal.ProposalRound;
import io.sparknas.population.proposal.Proposing;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link ProposalRound} as a Dataset with one task per partition: the round (parents, evaluated
 * keys, fitted surrogate) is broadcast, every task breeds, scores and cuts its share on an executor and
 * returns its top, and the driver merges the tops. A round of one partition runs on the driver: no
 * Spark job where a driver-side list suffices. Either way the answer is {@link Proposing#local()}'s.
 */
final class SparkProposing implements Proposing {
    static final String SCORE = "score";
    static final String PARTITION = "partition";
    static final String INDEX = "proposal_index";
    private static final StructType TOP = new StructType()
            .add(io.sparknas.jobs.store.Columns.CANONICAL_KEY, DataTypes.StringType, false)
            .add(io.sparknas.jobs.store.Columns.GENOME, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(SCORE, DataTypes.DoubleType, false)
            .add(PARTITION, DataTypes.IntegerType, false)
            .add(INDEX, DataTypes.LongType, false);
    private final SparkSession spark;

    SparkProposing(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public List<Proposal> propose(ProposalRound round) {
        if (round.partitions() == 1) {
            return Proposing.local().propose(round);
        }
        Broadcast<ProposalRound> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(round);
        try {
            List<Row> tops = spark.range(0, round.partitions(), 1, round.partitions()).as(Encoders.LONG())
                    .mapPartitions((MapPartitionsFunction<Long, Row>) partitions -> {
                        List<Row> out = new ArrayList<>();
                        while (partitions.hasNext()) {
                            int partition = Math.toIntExact(partitions.next());
                            for (Proposal p : shipped.value().partition(partition)) {
                                out.add(RowFactory.create(p.key(), p.genome().toArray(), p.score(), p.partition(), p.index()));
                            }
                        }
                        return out.iterator();
                    }, Encoders.row(TOP))
                    .collectAsList();
            List<Proposal> proposals = new ArrayList<>(tops.size());
            for (Row row : tops) {
                proposals.add(new Proposal(row.getString(row.fieldIndex(io.sparknas.jobs.store.Columns.CANONICAL_KEY)), PopulationFrames.genome(row),
                        row.getDouble(row.fieldIndex(SCORE)), row.getInt(row.fieldIndex(PARTITION)),
                        row.getLong(row.fieldIndex(INDEX))));
            }
            return ProposalRound.merge(proposals, round.keep());
        } finally {
            shipped.destroy();
        }
    }
}
