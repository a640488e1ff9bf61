package io.sparknas.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What {@code search} says when a run ends: its answer, where it is, and the commands to go on with. */
final class RunSpeech {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private RunSpeech() {
    }

    /** The words as one POSIX shell line: a word with anything but plain characters in single quotes. */
    static String shellLine(List<String> words) {
        return words.stream().map(w -> PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** The end of a search: best architecture and metrics, front size, store, next commands. */
    static void finished(Map<String, Object> summary, PrintWriter out) {
        String run = String.valueOf(summary.get("run_id"));
        if (Boolean.TRUE.equals(summary.get("already_finished"))) {
            out.println("run " + run + " is already finished: nothing to do");
            out.flush();
            return;
        }
        String store = String.valueOf(summary.get("store"));
        out.println("run " + run + " finished: " + summary.get("queries") + " evaluations in " + summary.get("generations")
                + " generations");
        if (summary.get("best_arch") != null) {
            out.println("best: " + summary.get("best_arch"));
            String metrics = "  " + summary.get("objective") + " " + summary.get("best_objective");
            if (summary.get("report") != null && !summary.get("report").equals(summary.get("objective"))) {
                metrics += ", " + summary.get("report") + " " + summary.get("best_report");
            }
            out.println(metrics);
        }
        if (summary.containsKey("front_size")) {
            out.println("Pareto front: " + summary.get("front_size") + " architectures");
        }
        out.println("store: " + store);
        String at = "--set " + shellLine(List.of("store.path=\"" + store + "\""));
        out.println("next:");
        out.println("  " + shellLine(List.of("bin/nas", "report", "--run-id", run)) + " " + at);
        out.println("  " + shellLine(List.of("bin/nas", "sql", "SELECT rank, arch, objective_value, report_value FROM "
                + "leaderboard WHERE run_id = '" + run + "' AND rank <= 10 ORDER BY rank")) + " " + at);
        out.println("  bin/nas runs " + at);
        out.println("  " + shellLine(List.of("bin/nas", "train-final", "--run-id", run)) + " " + at);
        out.flush();
    }
}
