package io.sparknas.population;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CheckpointableRandomTest {
    @Test
    void restoringTheStateContinuesTheSameSequence() {
        CheckpointableRandom a = CheckpointableRandom.seeded(17);
        for (int i = 0; i < 100; i++) {
            a.nextInt(5);
            a.nextGaussian();
        }
        CheckpointableRandom b = CheckpointableRandom.restore(a.state());
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextDouble(), b.nextDouble());
            assertEquals(a.nextGaussian(), b.nextGaussian());
            assertEquals(a.nextInt(7), b.nextInt(7));
        }
    }

    @Test
    void isUniformAndSeedDependent() {
        CheckpointableRandom rng = CheckpointableRandom.seeded(1);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            counts[rng.nextInt(10)]++;
        }
        for (int count : counts) {
            assertEquals(10_000, count, 500);
        }
        assertNotEquals(CheckpointableRandom.seeded(1).nextLong(), CheckpointableRandom.seeded(2).nextLong());
    }
}
