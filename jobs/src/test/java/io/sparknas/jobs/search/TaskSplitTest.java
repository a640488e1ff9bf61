package io.sparknas.jobs.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a generation's candidates are split into Spark tasks ({@link PopulationFrames#tasks}). */
class TaskSplitTest {

    @Test
    void oneCandidatePerTaskByDefault() {
        assertEquals(24, PopulationFrames.tasks(24, 1, 2));
        assertEquals(1, PopulationFrames.tasks(1, 1, 8));
    }

    @Test
    void sharesOfAtMostPerTaskButNeverFewerTasksThanCores() {
        assertEquals(10, PopulationFrames.tasks(10_000, 1000, 2)); // 10 shares of 1,000
        assertEquals(11, PopulationFrames.tasks(10_001, 1000, 2));
        assertEquals(2, PopulationFrames.tasks(20, 1000, 2));      // both cores busy
        assertEquals(16, PopulationFrames.tasks(5000, 1000, 16));
        assertEquals(3, PopulationFrames.tasks(3, 1000, 16));      // never an empty task
        assertEquals(1, PopulationFrames.tasks(1, 1000, 0));
    }
}
