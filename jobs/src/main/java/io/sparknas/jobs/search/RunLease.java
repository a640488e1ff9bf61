package io.sparknas.jobs.search;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.sparknas.jobs.store.Columns.CODE_VERSION;
import static io.sparknas.jobs.store.Columns.FINISHED_AT;
import static io.sparknas.jobs.store.Columns.LEASE_EXPIRES_AT;
import static io.sparknas.jobs.store.Columns.LEASE_OWNER;
import static io.sparknas.jobs.store.Columns.RUN_ID;
import static io.sparknas.jobs.store.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

/**
 * Which process may work on a run id. Two drivers started with one run id (an Airflow double trigger)
 * would otherwise both do the whole search and interleave their commits; with the lease the second one
 * stops before it writes anything of the run (exit 2 naming the holder), or waits for it.
 *
 * <p>The lease lives in the run's own {@code runs} row ({@code lease_owner}: host/pid/token of the
 * holder, {@code lease_expires_at}) and is taken with one conditional MERGE, so Delta's optimistic
 * concurrency decides a race: of two takers reading the same snapshot only one commits, the other's
 * retry re-reads the table and finds the row taken. The row read back after the MERGE says who holds
 * it. A lease lapses {@code search.lease.ttl-s} after its last renewal, so a killed driver holds the run
 * no longer than that; on the same host a holder whose pid has ended holds nothing at once (this
 * assumes the processes of one host name share one pid namespace, as a host or a pod does).
 *
 * <p>While held, a daemon thread renews it every third of the TTL (an UPDATE conditional on the owner
 * still being this process). {@link #checkHeld} is called before each generation's commit and throws
 * {@link LostException} once another process has taken the run. {@link #finish} writes the FINISHED
 * row and clears the owner; {@link #release} clears it without finishing (a failure, SIGTERM), so a
 * re-run resumes at once rather than after the TTL. Every Delta commit the session makes while the
 * lease is held carries the owner string in {@code commitInfo.userMetadata}, so the log says which
 * process wrote what.
 */
public final class RunLease {
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    /** Delta copies this session setting into the commitInfo of every commit. */
    static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    static final int MIN_TTL_S = 5;
    /** How often a waiting process looks at the holder's row again. */
    private static final long POLL_MS = 2_000;
    /** Reads that found the row free again right after another taker's MERGE, before giving up on it. */
    private static final int FREE_RETRIES = 5;
    static final String HOST = hostName();
    /** This process: host, pid and a random token (a pid is reused, a token is not). */
    static final String OWNER = HOST + "/" + ProcessHandle.current().pid() + "/" + token();
    private static final AtomicReference<RunLease> CURRENT = new AtomicReference<>();

    /** {@code search.lease.*}: the lease's length and how long a second process waits for a held run. */
    public record Settings(int ttlSeconds, int waitSeconds) {
        public static final Setting<Integer> TTL_S = Setting.atLeast("search.lease.ttl-s", "60", MIN_TTL_S, "(seconds)",
                "Seconds the lease lasts (>= 5); its holder renews it every third of that. A driver killed without "
                        + "releasing it holds the run id this long; on the same host a holder whose pid has ended holds nothing.");
        public static final Setting<Integer> WAIT_S = Setting.atLeast("search.lease.wait-s", "0", 0,
                "(seconds; 0 = do not wait)", "Seconds a search whose run id a live process holds waits for it (polling), "
                        + "then exits 2 naming the holder. 0: exit 2 at once. Read from the command, not the resumed run's "
                        + "stored config.");

        public static Settings from(NasConfig config) {
            return new Settings(TTL_S.get(config), WAIT_S.get(config));
        }

        long ttlMs() {
            return ttlSeconds * 1000L;
        }
    }

    /** The holder stops: another process took the run (or this one released it) before the next commit. */
    public static final class LostException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LostException(String message) {
            super(message);
        }
    }

    private final SparkSession spark;
    private final ResultStore store;
    private final String runId;
    private final String owner;
    private final Settings settings;
    private final Row row;
    private final ScheduledExecutorService renewer;
    private final String previousMetadata;
    private volatile Timestamp expiresAt;
    /** The owner found in place of this one by a renewal; null while the lease is held. */
    private volatile String lostTo;
    private volatile boolean ended;

    private RunLease(SparkSession spark, ResultStore store, String runId, String owner, Settings settings, Row row) {
        this.spark = spark;
        this.store = store;
        this.runId = runId;
        this.owner = owner;
        this.settings = settings;
        this.row = row;
        this.expiresAt = row.getTimestamp(row.fieldIndex(LEASE_EXPIRES_AT));
        this.previousMetadata = spark.conf().get(USER_METADATA, null);
        spark.conf().set(USER_METADATA, owner);
        CURRENT.set(this);
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-lease-" + runId);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.ttlMs() / 3);
        renewer.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The lease this process holds now (the latest taken, if a test holds several), for a SIGTERM
     * handler to {@link #release} it; it needs the Spark session, so run it before Spark's own shutdown hook.
     */
    public static Optional<RunLease> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Takes the lease of {@code running}'s run for this process: inserts the row when the run is new,
     * else takes it over when nobody holds it, the lease lapsed, or its holder was a process of this host
     * that has ended. A run held by a live process is polled for up to {@code search.lease.wait-s}.
     *
     * @param running the run's row (status RUNNING) inserted when the run is new; of an existing row only
     *                status, finished_at, code_version and the lease columns are overwritten
     * @return empty when the run is FINISHED (by another process, while this one waited)
     * @throws BadInputException naming the holder and when its lease lapses, when the run stays held
     */
    public static Optional<RunLease> acquire(SparkSession spark, ResultStore store, Row running, Settings settings) {
        return acquire(spark, store, running, settings, OWNER);
    }

    /** As {@link #acquire(SparkSession, ResultStore, Row, Settings)}, as process {@code owner} (tests). */
    static Optional<RunLease> acquire(SparkSession spark, ResultStore store, Row running, Settings settings, String owner) {
        String runId = running.getString(running.fieldIndex(RUN_ID));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.waitSeconds());
        int freeAgain = 0;
        while (true) {
            Optional<Row> row = store.findRun(runId);
            if (row.isPresent() && finished(row.get())) {
                return Optional.empty();
            }
            if (row.isEmpty() || liveHolder(row.get(), owner).isEmpty()) {
                String previous = row.map(RunLease::ownerOf).orElse(null);
                take(spark, store, running, owner, row.map(r -> deadLocal(ownerOf(r), owner) ? ownerOf(r) : null).orElse(null),
                        settings);
                Row after = store.findRun(runId).orElseThrow(
                        () -> new IllegalStateException("run " + runId + ": no runs row after the lease MERGE"));
                if (owner.equals(ownerOf(after))) {
                    Timestamp until = after.getTimestamp(after.fieldIndex(LEASE_EXPIRES_AT));
                    LOG.info("run {}: lease held by {} until {}{}", runId, owner, until.toInstant(),
                            previous == null || previous.equals(owner) ? "" : " (taken over from " + previous + ")");
                    return Optional.of(new RunLease(spark, store, runId, owner, settings, after));
                }
                if (finished(after)) {
                    return Optional.empty();
                }
                row = Optional.of(after);
                if (liveHolder(after, owner).isEmpty() && ++freeAgain < FREE_RETRIES) {
                    continue; // released between the other's MERGE and this read: try again at once
                }
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                throw held(runId, row.get(), settings);
            }
            LOG.info("run {} is held by {}: waiting (up to {} s more, {})", runId, ownerOf(row.get()),
                    (leftMs + 999) / 1000, Settings.WAIT_S.key());
            sleep(Math.min(POLL_MS, leftMs));
        }
    }

    /** The one MERGE: insert the new run, or take over a free, lapsed or dead-holder lease; never a FINISHED run. */
    private static void take(SparkSession spark, ResultStore store, Row running, String owner, String deadHolder,
                             Settings settings) {
        store.retryingConflicts(Tables.RUNS, () -> {
            // a retry computes its times again: the lease starts when it is actually taken
            Timestamp now = new Timestamp(System.currentTimeMillis());
            Timestamp until = new Timestamp(now.getTime() + settings.ttlMs());
            Dataset<Row> source = store.rows(Tables.RUNS, List.of(running))
                    .withColumn(LEASE_OWNER, lit(owner)).withColumn(LEASE_EXPIRES_AT, lit(until));
            Column holder = col("t." + LEASE_OWNER);
            Column expires = col("t." + LEASE_EXPIRES_AT);
            Column free = holder.isNull().or(expires.isNull()).or(expires.lt(lit(now))).or(holder.equalTo(lit(owner)));
            if (deadHolder != null) {
                free = free.or(holder.equalTo(lit(deadHolder)));
            }
            Column takeable = free.and(not(col("t." + STATUS).eqNullSafe(lit(SearchJob.FINISHED))));
            Map<String, Column> set = Map.of(STATUS, col("s." + STATUS), FINISHED_AT, col("s." + FINISHED_AT),
                    CODE_VERSION, col("s." + CODE_VERSION), LEASE_OWNER, col("s." + LEASE_OWNER),
                    LEASE_EXPIRES_AT, col("s." + LEASE_EXPIRES_AT));
            DeltaTable.forPath(spark, store.path(Tables.RUNS)).as("t")
                    .merge(source.as("s"), col("t." + RUN_ID).equalTo(col("s." + RUN_ID)))
                    .whenMatched(takeable).update(set)
                    .whenNotMatched().insertAll()
                    .execute();
            return null;
        });
    }

    /** The one-line refusal: who holds the run and until when. */
    private static BadInputException held(String runId, Row row, Settings settings) {
        Timestamp until = row.getTimestamp(row.fieldIndex(LEASE_EXPIRES_AT));
        String waited = settings.waitSeconds() > 0 ? "; waited " + settings.waitSeconds() + " s" : "";
        return new BadInputException("run " + runId + " is held by " + ownerOf(row) + " until "
                + (until == null ? "?" : until.toInstant().truncatedTo(ChronoUnit.SECONDS))
                + " (another process is running it" + waited + "); wait for it (" + Settings.WAIT_S.key()
                + "), or re-run after the lease lapses");
    }

    /** The holder of the row's lease when it is another process that may still be running; else empty. */
    private static Optional<String> liveHolder(Row row, String me) {
        String holder = ownerOf(row);
        Timestamp until = row.getTimestamp(row.fieldIndex(LEASE_EXPIRES_AT));
        if (holder == null || holder.equals(me) || until == null || !until.after(new Timestamp(System.currentTimeMillis()))
                || deadLocal(holder, me)) {
            return Optional.empty();
        }
        return Optional.of(holder);
    }

    /** Whether {@code holder} is another process of this host that has ended (its pid is not alive). */
    static boolean deadLocal(String holder, String me) {
        if (holder == null || holder.equals(me)) {
            return false;
        }
        int pidEnd = holder.lastIndexOf('/');
        int hostEnd = pidEnd <= 0 ? -1 : holder.lastIndexOf('/', pidEnd - 1);
        if (hostEnd <= 0 || !holder.substring(0, hostEnd).equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(holder.substring(hostEnd + 1, pidEnd));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String ownerOf(Row row) {
        return row.getString(row.fieldIndex(LEASE_OWNER));
    }

    private static boolean finished(Row row) {
        return SearchJob.FINISHED.equals(row.getString(row.fieldIndex(STATUS)));
    }

    public String owner() {
        return owner;
    }

    /** The run's row as read back when the lease was taken (a run started earlier keeps its config and start). */
    public Row row() {
        return row;
    }

    /**
     * Called before each generation's commit: throws once the run is no longer this process's (a renewal
     * found another owner, or the lease was released). A renewal that is late (less than a third of the
     * TTL left) is made now, so a stalled renewal thread cannot let a lapsed lease commit.
     *
     * @throws LostException naming the run, the new holder and the generation not committed
     */
    public void checkHeld(int generation) {
        if (!ended && lostTo == null && expiresAt.getTime() - System.currentTimeMillis() < settings.ttlMs() / 3) {
            renew();
        }
        if (ended) {
            throw new LostException("run " + runId + ": the lease of " + owner + " was released; stopped before committing generation "
                    + generation);
        }
        if (lostTo != null) {
            throw new LostException("run " + runId + ": lease lost to " + lostTo + " (the lease of " + owner
                    + " lapsed); stopped before committing generation " + generation + ", the other process runs it now");
        }
    }

    /** Renews the lease if this process still holds it, and notes the new holder if it does not. */
    synchronized void renew() {
        if (ended || lostTo != null) {
            return;
        }
        store.retryingConflicts(Tables.RUNS, () -> {
            Timestamp until = new Timestamp(System.currentTimeMillis() + settings.ttlMs());
            DeltaTable.forPath(spark, store.path(Tables.RUNS)).update(
                    col(RUN_ID).equalTo(lit(runId)).and(col(LEASE_OWNER).equalTo(lit(owner))),
                    Map.of(LEASE_EXPIRES_AT, lit(until)));
            return null;
        });
        Optional<Row> row = store.findRun(runId);
        String holder = row.map(RunLease::ownerOf).orElse(null);
        if (owner.equals(holder)) {
            expiresAt = row.get().getTimestamp(row.get().fieldIndex(LEASE_EXPIRES_AT));
        } else {
            lostTo = holder == null ? "nobody (the lease was cleared)" : holder;
            LOG.warn("run {}: the lease of {} was lost to {}: the search stops before its next commit", runId, owner, lostTo);
        }
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) { // the store may be briefly unreachable: checkHeld renews again before a commit
            LOG.warn("run {}: could not renew the lease of {}: {}", runId, owner, e.toString());
        }
    }

    /**
     * Writes the run's FINISHED row (as given, lease columns null) if this process still holds the run,
     * and ends the lease.
     *
     * @throws LostException when another process holds the run now: nothing was written
     */
    public synchronized void finish(Row finishedRow) {
        if (ended) {
            throw new LostException("run " + runId + ": the lease of " + owner + " was released before the run finished");
        }
        renewer.shutdown();
        try {
            Dataset<Row> source = store.rows(Tables.RUNS, List.of(finishedRow));
            store.retryingConflicts(Tables.RUNS, () -> {
                DeltaTable.forPath(spark, store.path(Tables.RUNS)).as("t")
                        .merge(source.as("s"), col("t." + RUN_ID).equalTo(col("s." + RUN_ID)))
                        .whenMatched(col("t." + LEASE_OWNER).equalTo(lit(owner))).updateAll()
                        .execute();
                return null;
            });
            Row row = store.findRun(runId).orElseThrow();
            if (!finished(row)) {
                throw new LostException("run " + runId + ": lease lost to " + ownerOf(row) + " before the run's FINISHED row was written");
            }
        } finally {
            end();
        }
    }

    /**
     * Gives the run up without finishing it: clears the owner if it is still this process (the row stays
     * RUNNING, so the next {@code search --run-id} resumes at once). Idempotent; safe from a signal handler.
     */
    public synchronized void release() {
        if (ended) {
            return;
        }
        renewer.shutdown();
        try {
            store.retryingConflicts(Tables.RUNS, () -> {
                DeltaTable.forPath(spark, store.path(Tables.RUNS)).update(
                        col(RUN_ID).equalTo(lit(runId)).and(col(LEASE_OWNER).equalTo(lit(owner))),
                        Map.of(LEASE_OWNER, lit(null).cast("string"), LEASE_EXPIRES_AT, lit(null).cast("timestamp")));
                return null;
            });
            LOG.info("run {}: {} gave up its lease (if it still held it)", runId, owner);
        } finally {
            end();
        }
    }

    private void end() {
        ended = true;
        renewer.shutdown();
        CURRENT.compareAndSet(this, null);
        // the session's next commits are not this lease's (another search may run in this JVM)
        if (owner.equals(spark.conf().get(USER_METADATA, null))) {
            if (previousMetadata == null) {
                spark.conf().unset(USER_METADATA);
            } else {
                spark.conf().set(USER_METADATA, previousMetadata);
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) { // UnknownHostException, or a resolver that is not configured at all
            return "localhost";
        }
    }

    private static String token() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run's lease", e);
        }
    }
}
