package io.sparknas.jobs.testing;

import io.sparknas.population.testing.SharedBenchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone master and workers on 127.0.0.1, started as separate JVMs from the Maven Spark
 * jars (no Spark distribution): a folder {@code spark-home/jars} of links to the jars Spark needs,
 * {@code SPARK_HOME} pointing at it and {@code SPARK_SCALA_VERSION} (the build's, 2.13 or 2.12), which is all a worker
 * needs to launch executors. {@link #close()} stops every process this class started, executors
 * included, whatever state they are in.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The project's own modules: on the cluster they come only from the submitted assembly jar. */
    private static final String OWN_MODULES = "sparknas-";

    private final Path workDir;
    private final Path sparkHome;
    private final int masterPort;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path workDir, Path sparkHome, int masterPort) {
        this.workDir = workDir;
        this.sparkHome = sparkHome;
        this.masterPort = masterPort;
    }

    /**
     * Starts a master and {@code workers} workers and waits until every worker has registered.
     *
     * @param workDir a fresh folder for spark-home, logs and the workers' work dirs
     */
    public static StandaloneCluster start(Path workDir, int workers, int coresPerWorker, String memoryPerWorker)
            throws IOException, InterruptedException {
        Path sparkHome = sparkHome(workDir.resolve("spark-home"));
        StandaloneCluster cluster = new StandaloneCluster(workDir, sparkHome, freePort());
        try {
            Process master = cluster.launch("master", List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(cluster.masterPort),
                    "--webui-port", String.valueOf(freePort())), "-Xmx256m");
            cluster.awaitLog(master, "master", "I have been elected leader");
            for (int i = 1; i <= workers; i++) {
                String name = "worker-" + i;
                Path dir = Files.createDirectories(workDir.resolve(name + "-work"));
                Process worker = cluster.launch(name, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--webui-port", String.valueOf(freePort()),
                        "--cores", String.valueOf(coresPerWorker), "--memory", memoryPerWorker,
                        "--work-dir", dir.toString(), cluster.masterUrl()), "-Xmx256m");
                cluster.workers.add(worker);
                cluster.awaitLog(worker, name, "Successfully registered with master");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public Path log(String name) {
        return workDir.resolve(name + ".log");
    }

    /** The assembly jar built at {@code package}; fails with a clear message when it is missing. */
    public static Path assemblyJar() throws IOException {
        Path target = jobsTarget();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("sparknas-jobs-.*-assembly\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no assembly jar in " + target
                            + ": this test runs after `package` (mvn verify)"));
        }
    }

    /**
     * Starts {@code org.apache.spark.deploy.SparkSubmit --master <this cluster>} in client mode with
     * the given arguments (options, then the application jar and its arguments); its output goes to
     * {@link #log(String) log(name)}. The process is stopped by {@link #close()} if still running.
     */
    public Process submit(String name, List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
                "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                // schedule only once every executor is up, so the job really spreads over the workers
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", sparkJvmFlags())));
        command.addAll(arguments);
        return launch(name, command, environment, "-Xmx1g");
    }

    /**
     * The spark-submit arguments that run {@code bin/nas <nasArguments>} from the assembly jar on this
     * cluster's two one-core executors, with settings sized for test tables of a few dozen rows.
     */
    public static List<String> nasArguments(String... nasArguments) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--class", "io.sparknas.jobs.cli.NasCli", "--executor-memory", "1g", "--total-executor-cores", "2",
                "--conf", "spark.locality.wait=0",
                // Spark's defaults (200 shuffle partitions, 50 for Delta snapshots) would mean thousands of tiny tasks
                "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.databricks.delta.snapshotPartitions=2",
                "--conf", "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile="
                        + SharedBenchmarks.repoRoot().resolve("conf/log4j2.properties"),
                assemblyJar().toString()));
        args.addAll(List.of(nasArguments));
        return args;
    }

    /** Runs {@link #submit} to the end and returns its exit code. */
    public int submitAndWait(String name, List<String> arguments, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Process process = submit(name, arguments, environment);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; log: " + log(name)
                    + "\n" + tail(log(name)));
        }
        return process.exitValue();
    }

    /** The executor JVMs the workers launched and that are alive now (e.g. to kill one). */
    public List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::children).filter(ProcessHandle::isAlive).toList();
    }

    public List<Process> workers() {
        return List.copyOf(workers);
    }

    private Process launch(String name, List<String> mainAndArgs, String heap) throws IOException {
        return launch(name, mainAndArgs, Map.of(), heap);
    }

    private Process launch(String name, List<String> mainAndArgs, Map<String, String> environment, String heap)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.addAll(sparkJvmFlags());
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*"));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(name).toFile()).directory(workDir.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", scalaBinaryVersion());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    private void awaitLog(Process process, String name, String line) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log(name)).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before '" + line
                        + "'; log: " + log(name) + "\n" + tail(log(name)));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within " + START_TIMEOUT + "\n" + tail(log(name)));
    }

    /** The last lines of a log, for failure messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(" + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops submissions, workers (with their executors) and the master; waits for each to exit. */
    @Override
    public void close() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        java.util.Collections.reverse(started); // submissions and workers before the master
        for (Process process : started) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            stop(process.toHandle());
            children.forEach(StandaloneCluster::stop);
        }
    }

    private static void stop(ProcessHandle handle) {
        try {
            handle.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by alive() checks of the caller
            }
        }
    }

    /** Every process this cluster started (and their children) that is still alive. */
    public List<ProcessHandle> alive() {
        synchronized (processes) {
            return processes.stream().flatMap(p -> Stream.concat(Stream.of(p.toHandle()), p.descendants()))
                    .filter(ProcessHandle::isAlive).toList();
        }
    }

    /** The --add-opens/--add-exports flags this test JVM got from the parent pom's spark.jvm.flags. */
    static List<String> sparkJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djdk.reflect"))
                .toList();
    }

    /**
     * spark-home/jars: links to Spark with its dependencies (jobs/target/classpath-provided.txt) and to the
     * libraries of the compile classpath (jobs/target/classpath.txt), but not to the project's own
     * modules. The libraries are there because Maven mediates a library both Spark and a job library
     * use (commons-io, guava, …) to compile scope, so classpath-provided.txt alone is not Spark's full
     * set of jars, and Spark's own classes cannot see the assembly's copy (child class loader).
     */
    private static Path sparkHome(Path home) throws IOException {
        Path target = jobsTarget();
        Set<String> jars = new LinkedHashSet<>(classpath(target.resolve("classpath-provided.txt")));
        classpath(target.resolve("classpath.txt")).stream().filter(jar -> !Path.of(jar).getFileName().toString().startsWith(OWN_MODULES)).forEach(jars::add);
        Path dir = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        for (String jar : jars) {
            Path link = dir.resolve(Path.of(jar).getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, Path.of(jar));
            }
        }
        return home;
    }

    private static List<String> classpath(Path file) {
        try {
            return Arrays.stream(Files.readString(file).trim().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is missing: it is written at `package` (mvn verify)", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** jobs' build directory: jobs/target, or jobs/target-spark-3.5 under {@code -P spark-3.5} (surefire passes it). */
    static Path jobsTarget() {
        String dir = System.getProperty("sparknas.build.dir");
        return dir != null ? Path.of(dir) : SharedBenchmarks.repoRoot().resolve("jobs/target");
    }

    /** The Scala binary version Spark was built with (2.13 by default, 2.12 under {@code -P spark-3.5}). */
    static String scalaBinaryVersion() {
        String full = scala.util.Properties.versionNumberString();
        return full.substring(0, full.indexOf('.', full.indexOf('.') + 1));
    }
}
