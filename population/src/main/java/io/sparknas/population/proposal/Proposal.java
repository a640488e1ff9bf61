package io.sparknas.population.proposal;

import io.sparknas.population.Genome;

import java.io.Serializable;
import java.util.Comparator;

/**
 * A scored proposal that made its partition's top.
 *
 * @param key       the genome's canonical key
 * @param score     the acquisition score it was ranked by (larger is better)
 * @param partition the partition that proposed it
 * @param index     its position in that partition's stream of proposals
 */
public record Proposal(String key, Genome genome, double score, int partition, long index) implements Serializable {

    /** Best first: higher score, then the earlier partition, then the earlier proposal (a total order). */
    public static final Comparator<Proposal> BEST_FIRST = Comparator.comparingDouble((Proposal p) -> -p.score)
            .thenComparingInt(Proposal::partition).thenComparingLong(Proposal::index);
}
