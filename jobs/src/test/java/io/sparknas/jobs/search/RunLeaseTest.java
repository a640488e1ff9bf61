package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.GenerationListener;
import io.delta.tables.DeltaTable;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.SearchState;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run lease on real Delta tables: who gets a run id, who is refused and told whom to wait for,
 * when a lease lapses, renewal and loss, release and finish, and a store of the previous version.
 * Each "process" is an owner string; those of this host with this JVM's pid are alive.
 */
class RunLeaseTest extends LocalSpark {
    private static final RunLease.Settings SETTINGS = new RunLease.Settings(60, 0);
    private static final String ELSEWHERE = "elsewhere.example";
    private final List<RunLease> taken = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        taken.forEach(RunLease::release);
    }

    /** A live process of this host other than the lease's default owner (this JVM's pid, its own token). */
    private static String alive(String token) {
        return RunLease.HOST + "/" + ProcessHandle.current().pid() + "/" + token;
    }

    private static ResultStore store(Path dir) {
        return new ResultStore(spark(), dir.resolve("store").toString()).ensureTables();
    }

    private static Row running(String runId, String config) {
        return Records.run(runId, config, 1L, "random", "nb201", SearchJob.RUNNING, Records.now(), null, "test", null, null);
    }

    private RunLease acquire(ResultStore store, String runId, String owner, RunLease.Settings settings) {
        RunLease lease = RunLease.acquire(spark(), store, running(runId, "{}"), settings, owner).orElseThrow();
        taken.add(lease);
        return lease;
    }

    private static Row row(ResultStore store, String runId) {
        return store.findRun(runId).orElseThrow();
    }

    private static String owner(Row row) {
        return row.getString(row.fieldIndex(Columns.LEASE_OWNER));
    }

    private static Timestamp expires(Row row) {
        return row.getTimestamp(row.fieldIndex(Columns.LEASE_EXPIRES_AT));
    }

    private static String status(Row row) {
        return row.getString(row.fieldIndex(Columns.STATUS));
    }

    /** Another process's lease written straight into the row (what its MERGE would have left). */
    private static void setLease(ResultStore store, String runId, String owner, Timestamp expires) {
        DeltaTable.forPath(spark(), store.path(Tables.RUNS)).update(col(Columns.RUN_ID).equalTo(lit(runId)),
                Map.of(Columns.LEASE_OWNER, lit(owner), Columns.LEASE_EXPIRES_AT, lit(expires)));
    }

    private static Timestamp inSeconds(long seconds) {
        return new Timestamp(System.currentTimeMillis() + seconds * 1000);
    }

    private static String lastCommitMetadata(ResultStore store, Tables table) {
        return DeltaTable.forPath(spark(), store.path(table)).history(1).select("userMetadata").first().getString(0);
    }

    private static String heldMessage(String runId, Row row) {
        return "run " + runId + " is held by " + owner(row) + " until " + expires(row).toInstant().truncatedTo(ChronoUnit.SECONDS)
                + " (another process is running it); wait for it (search.lease.wait-s), or re-run after the lease lapses";
    }

    @Test
    void aNewRunIsInsertedHeldByItsTakerWhoseOwnerEveryLaterCommitCarries(@TempDir Path dir) {
        ResultStore store = store(dir);
        String me = alive("aaaa");
        long before = System.currentTimeMillis();
        RunLease lease = acquire(store, "r1", me, SETTINGS);
        long after = System.currentTimeMillis();

        Row row = row(store, "r1");
        assertEquals(SearchJob.RUNNING, status(row));
        assertEquals(me, owner(row));
        long expires = expires(row).getTime();
        assertTrue(expires >= before + 60_000 - 1 && expires <= after + 60_000, "expires a TTL after the MERGE: " + expires(row));
        assertEquals(Optional.of(lease), RunLease.current());

        store.insertNew(Tables.CHECKPOINTS, List.of(Records.checkpoint("r1", 0, "{}", Map.of())));
        assertEquals(me, lastCommitMetadata(store, Tables.CHECKPOINTS));
        lease.release();
        store.insertNew(Tables.CHECKPOINTS, List.of(Records.checkpoint("r1", 1, "{}", Map.of())));
        assertNull(lastCommitMetadata(store, Tables.CHECKPOINTS), "a released lease tags no commit");
    }

    @Test
    void aSecondLiveOwnerIsRefusedWithTheHolderAndItsExpiryNamed(@TempDir Path dir) {
        ResultStore store = store(dir);
        String first = alive("aaaa");
        acquire(store, "r2", first, SETTINGS);
        Row held = row(store, "r2");

        BadInputException e = assertThrows(BadInputException.class, () -> acquire(store, "r2", alive("bbbb"), SETTINGS));
        assertEquals(heldMessage("r2", held), e.getMessage());
        assertEquals(first, owner(row(store, "r2")), "the refused taker changed nothing");
        assertEquals(expires(held), expires(row(store, "r2")));

        // with search.lease.wait-s, it polls that long and is then refused the same way
        long start = System.nanoTime();
        BadInputException waited = assertThrows(BadInputException.class,
                () -> acquire(store, "r2", alive("bbbb"), new RunLease.Settings(60, 3)));
        assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(3), "waited the 3 s");
        assertTrue(waited.getMessage().startsWith("run r2 is held by " + first + " until ")
                && waited.getMessage().contains("(another process is running it; waited 3 s)"), waited.getMessage());
    }

    @Test
    void aLapsedLeaseIsTakenOverAndTheRunKeepsItsConfigAndStart(@TempDir Path dir) {
        ResultStore store = store(dir);
        RunLease first = acquire(store, "r3", alive("aaaa"), SETTINGS);
        Row started = row(store, "r3");
        first.release();
        setLease(store, "r3", ELSEWHERE + "/77/cccc", inSeconds(3_600));
        assertThrows(BadInputException.class, () -> acquire(store, "r3", alive("bbbb"), SETTINGS),
                "a live lease of another host is not taken");

        setLease(store, "r3", ELSEWHERE + "/77/cccc", inSeconds(-1));
        String me = alive("bbbb");
        RunLease.acquire(spark(), store, running("r3", "{\"other\": 1}"), SETTINGS, me).ifPresent(taken::add);
        Row row = row(store, "r3");
        assertEquals(me, owner(row));
        assertEquals(SearchJob.RUNNING, status(row));
        assertEquals("{}", row.getString(row.fieldIndex(Columns.CONFIG)), "a taken-over run keeps its config");
        assertEquals(started.getTimestamp(started.fieldIndex(Columns.STARTED_AT)), row.getTimestamp(row.fieldIndex(Columns.STARTED_AT)));
    }

    @Test
    void aLeaseOfAnEndedProcessOfThisHostIsTakenAtOnce(@TempDir Path dir) throws Exception {
        ResultStore store = store(dir);
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        acquire(store, "r4", alive("aaaa"), SETTINGS).release();

        // the same pid on another host may be alive: only the TTL frees that one
        setLease(store, "r4", ELSEWHERE + "/" + ended.pid() + "/dddd", inSeconds(3_600));
        assertThrows(BadInputException.class, () -> acquire(store, "r4", alive("bbbb"), SETTINGS));

        String dead = RunLease.HOST + "/" + ended.pid() + "/dddd";
        setLease(store, "r4", dead, inSeconds(3_600));
        assertTrue(RunLease.deadLocal(dead, alive("bbbb")));
        assertFalse(RunLease.deadLocal(alive("aaaa"), alive("bbbb")), "this JVM is alive");
        acquire(store, "r4", alive("bbbb"), SETTINGS);
        assertEquals(alive("bbbb"), owner(row(store, "r4")));
    }

    @Test
    void theHolderRenewsItsLeaseAndNoticesWhenItIsTaken(@TempDir Path dir) throws Exception {
        ResultStore store = store(dir);
        RunLease lease = acquire(store, "r5", alive("aaaa"), new RunLease.Settings(6, 0)); // renewed every 2 s
        Timestamp first = expires(row(store, "r5"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!expires(row(store, "r5")).after(first)) {
            assertTrue(System.nanoTime() < deadline, "renewed within 30 s");
            Thread.sleep(200);
        }
        assertEquals(alive("aaaa"), owner(row(store, "r5")));
        lease.checkHeld(0);

        // another process took the run (this one's lease lapsed): the renewal finds it, the next commit is refused
        setLease(store, "r5", ELSEWHERE + "/9/ffff", inSeconds(3_600));
        RunLease.LostException lost = null;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lost == null) {
            assertTrue(System.nanoTime() < deadline, "the loss is noticed within 30 s");
            try {
                lease.checkHeld(3);
                Thread.sleep(200);
            } catch (RunLease.LostException e) {
                lost = e;
            }
        }
        assertTrue(lost.getMessage().startsWith("run r5: lease lost to " + ELSEWHERE + "/9/ffff")
                && lost.getMessage().contains("stopped before committing generation 3"), lost.getMessage());
        assertEquals(ELSEWHERE + "/9/ffff", owner(row(store, "r5")), "the loser did not write the row");
    }

    @Test
    @Tag("slow") // a real search on the NB201 tables
    void aSearchWhoseLeaseIsTakenStopsBeforeCommittingTheNextGeneration(@TempDir Path dir) {
        Path storePath = dir.resolve("store");
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + storePath + "\"", "search.budget=20", "search.batch=10", "search.seed=3",
                "strategy.regularized-evolution.population=10", "strategy.regularized-evolution.sample=3"));
        String thief = ELSEWHERE + "/9/ffff";
        GenerationListener stealAfterGenerationZero = new GenerationListener() {
            @Override
            public void committed(String runId, SearchState state, long cacheHits) {
                if (state.getGeneration() == 1) { // generation 0 committed
                    ResultStore store = new ResultStore(spark(), storePath.toString());
                    setLease(store, runId, thief, inSeconds(3_600));
                    RunLease.current().orElseThrow().renew(); // what the renewal thread does every ttl/3
                }
            }
        };
        RunLease.LostException e = assertThrows(RunLease.LostException.class,
                () -> new SearchJob(spark(), stealAfterGenerationZero).run(NasConfig.load(null, sets), "stolen"));
        assertTrue(e.getMessage().contains("lease lost to " + thief) && e.getMessage().contains("generation 1"), e.getMessage());

        ResultStore store = new ResultStore(spark(), storePath.toString());
        assertEquals(List.of(0), store.read(Tables.CHECKPOINTS).select(Columns.GENERATION).collectAsList().stream()
                .map(r -> r.getInt(0)).toList(), "generation 1 was not committed");
        assertEquals(Set.of(0), store.read(Tables.EVALUATIONS).select(Columns.GENERATION).distinct().collectAsList().stream()
                .map(r -> r.getInt(0)).collect(java.util.stream.Collectors.toSet()));
        Row run = row(store, "stolen");
        assertEquals(thief, owner(run), "the loser's release left the thief's lease alone");
        assertEquals(SearchJob.RUNNING, status(run));
        assertEquals(Optional.empty(), RunLease.current());
    }

    @Test
    void releaseLeavesTheRunResumableAndFinishClearsTheLeaseForGood(@TempDir Path dir) throws Exception {
        ResultStore store = store(dir);
        RunLease first = acquire(store, "r6", alive("aaaa"), SETTINGS);
        first.release();
        Row released = row(store, "r6");
        assertNull(owner(released));
        assertNull(expires(released));
        assertEquals(SearchJob.RUNNING, status(released));
        assertEquals(Optional.empty(), RunLease.current());
        assertNull(spark().conf().get(RunLease.USER_METADATA, null));
        RunLease.LostException e = assertThrows(RunLease.LostException.class, () -> first.checkHeld(2));
        assertTrue(e.getMessage().contains("released"), e.getMessage());

        RunLease second = acquire(store, "r6", alive("bbbb"), SETTINGS);
        // a third process waits for the run; the holder finishes it meanwhile: the waiter has nothing to do
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<RunLease>> waiter = pool.submit(() -> RunLease.acquire(spark(), store, running("r6", "{}"),
                    new RunLease.Settings(60, 60), alive("cccc")));
            Thread.sleep(3_000);
            assertFalse(waiter.isDone(), "the waiter is polling");
            second.finish(Records.run("r6", "{}", 1L, "random", "nb201", SearchJob.FINISHED, Records.now(), Records.now(),
                    "test", null, null));
            assertEquals(Optional.empty(), waiter.get(60, TimeUnit.SECONDS), "the run finished while it waited");
        } finally {
            pool.shutdownNow();
        }
        Row finished = row(store, "r6");
        assertEquals(SearchJob.FINISHED, status(finished));
        assertNull(owner(finished));
        assertNull(expires(finished));
        assertEquals(Optional.empty(), RunLease.acquire(spark(), store, running("r6", "{}"), SETTINGS, alive("dddd")));
        assertEquals(SearchJob.FINISHED, status(row(store, "r6")), "a FINISHED run is never taken again");
    }

    @Test
    void twoTakersRacingForANewRunLeaveExactlyOneHolder(@TempDir Path dir) throws Exception {
        ResultStore store = store(dir);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RunLease>> results = new ArrayList<>();
            for (String token : List.of("xxxx", "yyyy")) {
                results.add(pool.submit((Callable<RunLease>) () -> {
                    go.await();
                    return acquire(store, "r7", alive(token), SETTINGS);
                }));
            }
            go.countDown();
            List<RunLease> winners = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (Future<RunLease> result : results) {
                try {
                    winners.add(result.get(120, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof BadInputException, String.valueOf(e.getCause()));
                    refusals.add(e.getCause().getMessage());
                }
            }
            assertEquals(1, winners.size(), "one holder; refused: " + refusals);
            assertEquals(1, refusals.size());
            String winner = winners.get(0).owner();
            assertEquals(winner, owner(row(store, "r7")));
            assertTrue(refusals.get(0).startsWith("run r7 is held by " + winner + " until "), refusals.get(0));
            assertEquals(1, store.read(Tables.RUNS).count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRunsTableOfThePreviousVersionIsAcceptedAndGainsTheLeaseColumnsWithItsRowsIntact(@TempDir Path dir) {
        Path root = dir.resolve("store");
        StructType oldSchema = new StructType(Arrays.stream(Tables.RUNS.schema().fields())
                .filter(f -> !Tables.RUNS.addedColumns().contains(f.name())).toArray(StructField[]::new));
        assertEquals(9, oldSchema.size());
        Timestamp startedAt = Timestamp.valueOf("2026-01-02 03:04:05");
        Row old = RowFactory.create("old-run", "{\"kept\": true}", 7L, "random", "nb201", "RUNNING", startedAt, null, "0.0.9");
        ResultStore store = new ResultStore(spark(), root.toString());
        spark().createDataFrame(List.of(old), oldSchema).write().format("delta").save(store.path(Tables.RUNS));
        Set<String> files = Set.of(store.read(Tables.RUNS).inputFiles());

        store.checkExisting(); // an earlier version's store is not refused
        store.ensureTables();
        StructType schema = store.read(Tables.RUNS).schema();
        assertEquals(DataTypes.StringType, schema.apply(Columns.LEASE_OWNER).dataType());
        assertEquals(DataTypes.TimestampType, schema.apply(Columns.LEASE_EXPIRES_AT).dataType());
        assertEquals(Set.of(store.read(Tables.RUNS).inputFiles()), files, "no data file rewritten");
        assertEquals("ADD COLUMNS", DeltaTable.forPath(spark(), store.path(Tables.RUNS)).history(1)
                .select("operation").first().getString(0));
        Row row = row(store, "old-run");
        for (String column : oldSchema.fieldNames()) {
            assertEquals(old.get(oldSchema.fieldIndex(column)), row.get(row.fieldIndex(column)), column);
        }
        assertNull(owner(row));
        long version = store.version(Tables.RUNS);
        store.ensureTables();
        assertEquals(version, store.version(Tables.RUNS), "the columns are added once");

        String me = alive("aaaa");
        acquire(store, "old-run", me, SETTINGS);
        Row resumed = row(store, "old-run");
        assertEquals(me, owner(resumed));
        assertEquals("{\"kept\": true}", resumed.getString(resumed.fieldIndex(Columns.CONFIG)));
        assertEquals(startedAt, resumed.getTimestamp(resumed.fieldIndex(Columns.STARTED_AT)));
    }

    @Test
    void leaseSettingsOutOfRangeAreRefusedNamingKeyAndValue() {
        assertEquals(new RunLease.Settings(60, 0), RunLease.Settings.from(NasConfig.load(null, List.of())));
        BadInputException ttl = assertThrows(BadInputException.class,
                () -> RunLease.Settings.from(NasConfig.load(null, List.of("search.lease.ttl-s=4"))));
        assertEquals("config key 'search.lease.ttl-s' must be >= 5 (seconds), got 4", ttl.getMessage());
        BadInputException wait = assertThrows(BadInputException.class,
                () -> RunLease.Settings.from(NasConfig.load(null, List.of("search.lease.wait-s=-1"))));
        assertEquals("config key 'search.lease.wait-s' must be >= 0 (seconds; 0 = do not wait), got -1", wait.getMessage());
    }
}
