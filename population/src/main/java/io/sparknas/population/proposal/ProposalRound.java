package io.sparknas.population.proposal;

import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.strategy.Acquisition;
import io.sparknas.population.strategy.Surrogate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * One generation's proposals as a plain value that partitions can run anywhere: each partition
 * breeds its share of {@code count} proposals (a {@code randomShare} of them uniform samples of the
 * space), scores them in batches with the surrogate, and keeps its best {@code keep} by acquisition
 * score among those not yet evaluated. Only a proposal that would enter the partition's top is keyed,
 * so millions cost one prediction each and a handful of canonical keys.
 *
 * <p>Partition {@code p}'s random numbers are seeded from (seed, round, p), and the number of
 * partitions is a function of {@code count} alone ({@link #partitionsFor}): the same state proposes the
 * same genomes whichever machine, core count or resume runs it.
 *
 * @param seed        the run's seed
 * @param round       the generation the proposals are for
 * @param count       proposals in all partitions together
 * @param randomShare the probability that a proposal is a uniform sample rather than a child of the breeder
 * @param keep        how many proposals the round returns (the generation's asks)
 * @param partitions  how many partitions share {@code count}
 * @param batch       proposals scored together
 * @param evaluated   canonical keys never to propose again
 * @param scorer      the surrogate, fitted, as it predicts in the calling JVM ({@link Surrogate.Fitted#local})
 */
public record ProposalRound(long seed, int round, long count, double randomShare, int keep, int partitions, int batch,
                            SearchSpace space, Breeder breeder, Set<String> evaluated, Surrogate.Fitted scorer,
                            Acquisition acquisition, double bonus) implements Serializable {

    /** Proposals per partition, at most: 10^6 proposals are 10 partitions, 10^7 are 100. */
    public static final long PER_PARTITION = 100_000;
    /** Proposals scored in one call of the surrogate. */
    public static final int BATCH = 4096;

    public ProposalRound {
        if (count < 1 || keep < 1 || partitions < 1 || batch < 1) {
            throw new IllegalArgumentException("a proposal round needs count, keep, partitions and batch >= 1, got "
                    + count + ", " + keep + ", " + partitions + ", " + batch);
        }
        if (!(randomShare >= 0 && randomShare <= 1)) {
            throw new IllegalArgumentException("random share must be in [0, 1], got " + randomShare);
        }
        evaluated = Set.copyOf(evaluated);
    }

    /** The number of partitions for {@code count} proposals: one per {@link #PER_PARTITION} begun. */
    public static int partitionsFor(long count) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (count + PER_PARTITION - 1) / PER_PARTITION));
    }

    /** How many of the {@code count} proposals partition {@code p} makes. */
    public long share(int partition) {
        return count / partitions + (partition < count % partitions ? 1 : 0);
    }

    /** Partition {@code p}'s best {@code keep} fresh proposals, best first; runs where it is called. */
    public List<Proposal> partition(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " of " + partitions);
        }
        long share = share(partition);
        Random random = CheckpointableRandom.seeded(seedOf(partition, 0));
        Random draws = CheckpointableRandom.seeded(seedOf(partition, 1));
        Top top = new Top(keep);
        List<Genome> genomes = new ArrayList<>(batch);
        long made = 0;
        while (made < share) {
            int rows = (int) Math.min(batch, share - made);
            genomes.clear();
            for (int row = 0; row < rows; row++) {
                genomes.add(randomShare > 0 && random.nextDouble() < randomShare
                        ? space.sample(random) : breeder.breed(random));
            }
            // without a bonus the score is the utility: a model may stop early on what cannot enter the top
            double[] scores = bonus == 0 ? scorer.utilitiesAbove(genomes, top.bar())
                    : acquisition.scores(scorer.predict(genomes), bonus, draws);
            for (int row = 0; row < rows; row++) {
                if (top.admits(scores[row])) {
                    Genome genome = genomes.get(row);
                    String key = space.canonicalKey(genome);
                    if (!evaluated.contains(key)) {
                        top.offer(new Proposal(key, genome, scores[row], partition, made + row));
                    }
                }
            }
            made += rows;
        }
        return top.bestFirst();
    }

    /** The best {@code keep} of the partitions' tops, one per canonical key, best first. */
    public static List<Proposal> merge(Collection<Proposal> tops, int keep) {
        List<Proposal> sorted = new ArrayList<>(tops);
        sorted.sort(Proposal.BEST_FIRST);
        Set<String> seen = new HashSet<>();
        List<Proposal> best = new ArrayList<>(keep);
        for (Proposal proposal : sorted) {
            if (best.size() == keep) {
                break;
            }
            if (seen.add(proposal.key())) {
                best.add(proposal);
            }
        }
        return best;
    }

    private long seedOf(int partition, int stream) {
        long z = CheckpointableRandom.mix(seed);
        z = CheckpointableRandom.mix(z ^ round);
        z = CheckpointableRandom.mix(z ^ partition);
        return CheckpointableRandom.mix(z ^ stream);
    }

    /** A partition's best proposals so far, one per key: a min-heap on {@link Proposal#BEST_FIRST}. */
    private static final class Top {
        private final int keep;
        private final PriorityQueue<Proposal> heap = new PriorityQueue<>(Proposal.BEST_FIRST.reversed());
        private final Map<String, Proposal> byKey = new HashMap<>();

        Top(int keep) {
            this.keep = keep;
        }

        /** The score to beat: the worst kept once the top is full, else negative infinity. */
        double bar() {
            return heap.size() < keep ? Double.NEGATIVE_INFINITY : heap.peek().score();
        }

        /** Whether a proposal of this score could enter (ties with the worst kept lose: it was proposed earlier). */
        boolean admits(double score) {
            return heap.size() < keep || score > heap.peek().score();
        }

        void offer(Proposal proposal) {
            Proposal known = byKey.get(proposal.key());
            if (known != null) { // an equivalent genome proposed again: the better-scored copy stays
                if (Proposal.BEST_FIRST.compare(proposal, known) < 0) {
                    heap.remove(known);
                    heap.add(proposal);
                    byKey.put(proposal.key(), proposal);
                }
                return;
            }
            heap.add(proposal);
            byKey.put(proposal.key(), proposal);
            if (heap.size() > keep) {
                byKey.remove(heap.poll().key());
            }
        }

        List<Proposal> bestFirst() {
            List<Proposal> sorted = new ArrayList<>(heap);
            sorted.sort(Proposal.BEST_FIRST);
            return sorted;
        }
    }
}
