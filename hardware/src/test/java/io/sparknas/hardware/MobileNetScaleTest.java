package io.sparknas.hardware;

import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The space is meant for millions of candidates: sampling, decoding, keying and pricing one must
 * stay in the microseconds. Keys are kept as 64-bit hashes so that a million of them cost 8 MB
 * rather than hundreds; a chance collision among 10⁶ is about 3·10⁻⁸ likely.
 */
class MobileNetScaleTest {
    private static final int CANDIDATES = 1_000_000;

    @Test
    void aMillionCandidatesAreSampledKeyedAndPricedInSeconds() {
        MobileNetSpace space = MobileNetSpace.imagenet(1000);
        Random rng = new Random(2024);
        long[] keyHashes = new long[CANDIDATES];
        double totalFlops = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CANDIDATES; i++) {
            Genome genome = space.sample(rng);
            MobileNetArchitecture network = space.decode(genome);
            keyHashes[i] = fnv1a64(network.canonicalKey());
            totalFlops += MobileNetCosts.flops(network);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long distinct = distinct(keyHashes);
        System.out.printf("mobilenet scale check: %,d genomes sampled, decoded, keyed and priced in %.2f s"
                        + " (%.2f µs each); %,d distinct keys; mean %.1f M FLOPs%n",
                CANDIDATES, seconds, seconds * 1e6 / CANDIDATES, distinct, totalFlops / CANDIDATES / 1e6);
        // ~5·10²¹ keys: a million uniform draws should practically never repeat one
        assertTrue(distinct >= CANDIDATES - 10, "distinct keys " + distinct);
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    private static long distinct(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long count = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            count += sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return count;
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
