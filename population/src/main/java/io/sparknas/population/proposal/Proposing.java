package io.sparknas.population.proposal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link ProposalRound}'s partitions run: in this JVM one after the other ({@link #local()}),
 * or as a Spark job with one task per partition (the search job's). Either way the answer is
 * {@link ProposalRound#merge} of the partitions' tops, so both give the same proposals.
 */
@FunctionalInterface
public interface Proposing {

    /** The round's best {@code keep} proposals, best first. */
    List<Proposal> propose(ProposalRound round);

    /** Every partition in this JVM. */
    static Proposing local() {
        return round -> {
            List<Proposal> tops = new ArrayList<>();
            for (int partition = 0; partition < round.partitions(); partition++) {
                tops.addAll(round.partition(partition));
            }
            return ProposalRound.merge(tops, round.keep());
        };
    }
}
