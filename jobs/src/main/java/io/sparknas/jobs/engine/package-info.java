/**
 * The search loop, once. {@link io.sparknas.jobs.engine.SearchEngine} runs generations as numbered
 * steps (ask, key, look up, evaluate rung by rung, tell, commit) for both the {@code search} command
 * and the many-seed {@code bench benchmark}, behind two seams:
 * <ul>
 *   <li>{@link io.sparknas.jobs.engine.TrialStore}: what is already evaluated and where a generation is
 *       committed: {@link io.sparknas.jobs.engine.InMemoryTrials} for the benchmark (one seed's run, no
 *       Spark, no Delta), the Delta result tables for {@code search};</li>
 *   <li>{@link io.sparknas.jobs.engine.EvaluationRunner}: where candidates are keyed and evaluated:
 *       {@link io.sparknas.jobs.engine.DriverRunner} in the calling thread, or a Spark job with one
 *       candidate per task.</li>
 * </ul>
 * Nothing here imports Spark: the loop is plain Java, tested with the in-memory seams.
 */
package io.sparknas.jobs.engine;
