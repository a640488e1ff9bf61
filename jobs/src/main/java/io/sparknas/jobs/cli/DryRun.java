package io.sparknas.jobs.cli;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.spark.SparkSessionSettings;
import picocli.CommandLine.Model.CommandSpec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code --dry-run}: the resolved config and the spark-submit line that runs the same command on a
 * cluster, printed without starting Spark or writing anything.
 */
final class DryRun {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private DryRun() {
    }

    /** @param command the words after {@code nas} that name the command (the one an alias stands for) */
    static void print(CommandSpec spec, String command, NasConfig config, PrintWriter out) {
        String submit = sparkSubmitLine(spec, command, config); // first: a bad spark.master is refused before anything is printed
        out.println("# resolved config");
        out.println(config.renderReadable());
        out.println("# equivalent spark-submit");
        out.println(submit);
        out.flush();
    }

    static String sparkSubmitLine(CommandSpec spec, String command, NasConfig config) {
        List<String> line = new ArrayList<>(List.of("spark-submit", "--master", master(config),
                "--name", SparkSessionSettings.APP_NAME.get(config), "--class", NasCli.class.getName()));
        for (Map.Entry<String, Object> setting : SparkSessionSettings.CONF.get(config).entrySet()) {
            line.addAll(List.of("--conf", setting.getKey() + "=" + setting.getValue()));
        }
        line.add(assemblyJar());
        List<String> args = new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs());
        args.subList(0, depth(spec)).clear(); // the command's words as typed (perhaps an old name)
        args.remove("--dry-run");
        line.addAll(List.of(command.split(" ")));
        line.addAll(args);
        return String.join(" ", line.stream().map(DryRun::quote).toList());
    }

    /** How many command words name {@code spec} (1 for search, 2 for bench latency). */
    private static int depth(CommandSpec spec) {
        int depth = 0;
        for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
            depth++;
        }
        return depth;
    }

    /** Under spark-submit the master it was given, else the config's. */
    private static String master(NasConfig config) {
        String given = System.getProperty("spark.master");
        return given != null ? given : io.sparknas.jobs.spark.SparkSessions.checkMaster(SparkSessionSettings.MASTER.get(config));
    }

    /**
     * The assembly jar this class runs from, else one beside the jar or classes folder it runs from
     * (jobs/target when built), else under SPARKNAS_HOME, else the name it will have once built.
     */
    private static String assemblyJar() {
        List<Path> folders = new ArrayList<>();
        try {
            Path self = Path.of(DryRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.getFileName().toString().endsWith("-assembly.jar")) {
                return self.toString();
            }
            folders.add(self.getParent());
        } catch (Exception e) {
            // no code source (unusual class loader): try SPARKNAS_HOME
        }
        String home = System.getenv("SPARKNAS_HOME");
        if (home != null) {
            folders.add(Path.of(home, "jobs", "target"));
        }
        for (Path folder : folders) {
            if (folder != null && Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    var jar = files.filter(p -> p.getFileName().toString().matches("sparknas-jobs-.*-assembly\\.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get().toString();
                    }
                } catch (java.io.IOException e) {
                    // unreadable folder: try the next
                }
            }
        }
        return "jobs" + File.separator + "target" + File.separator + "sparknas-jobs-<version>-assembly.jar";
    }

    private static String quote(String arg) {
        return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
