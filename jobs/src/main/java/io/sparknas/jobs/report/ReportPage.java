package io.sparknas.jobs.report;

import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.store.Columns;
import io.sparknas.population.Objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/** The report's index.html: a summary table, then the plots as PNG files beside it. */
final class ReportPage {

    /** A PNG beside the page and its caption. */
    record Figure(String file, String caption) {
    }

    private ReportPage() {
    }

    static String html(RunData run, List<Figure> figures, List<String> notes) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>sparknas run ")
                .append(escapeHtml4(run.runId())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1700px}table{border-collapse:collapse;margin-bottom:1.5em}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f2f2f2}")
                .append("figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-size:90%;color:#444}")
                .append("pre{white-space:pre-wrap;font-size:85%}\n</style>\n</head>\n<body>\n<h1>Run ")
                .append(escapeHtml4(run.runId())).append("</h1>\n");
        html.append("<h2>Summary</h2>\n<table id=\"summary\">\n");
        summary(run).forEach((key, value) -> html.append("<tr><th>").append(escapeHtml4(key)).append("</th><td>")
                .append(escapeHtml4(value)).append("</td></tr>\n"));
        html.append("</table>\n<h2>Plots</h2>\n");
        for (Figure figure : figures) {
            html.append("<figure><img src=\"").append(escapeHtml4(figure.file())).append("\" width=\"").append(ReportCharts.WIDTH)
                    .append("\" height=\"").append(ReportCharts.HEIGHT).append("\" alt=\"").append(escapeHtml4(figure.caption()))
                    .append("\"><figcaption>").append(escapeHtml4(figure.caption())).append("</figcaption></figure>\n");
        }
        if (!notes.isEmpty()) {
            html.append("<h2>Notes</h2>\n<ul>\n");
            notes.forEach(n -> html.append("<li>").append(escapeHtml4(n)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("<details><summary>Resolved configuration</summary>\n<pre>")
                .append(escapeHtml4(run.config().render())).append("</pre></details>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The summary table's rows, in display order. */
    static Map<String, String> summary(RunData run) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String column : List.of(Columns.RUN_ID, Columns.STATUS, Columns.STRATEGY, Columns.SPACE, Columns.SEED,
                Columns.STARTED_AT, Columns.FINISHED_AT, Columns.CODE_VERSION)) {
            rows.put(column, run.column(column));
        }
        rows.put("evaluator", SearchJobSettings.EVALUATOR.get(run.config()));
        rows.put("budget", String.valueOf(SearchJobSettings.BUDGET.get(run.config())));
        rows.put("objectives", run.goals().objectives().stream().map(ReportCharts::axis).collect(Collectors.joining(", ")));
        rows.put("constraints", run.goals().constraints().isEmpty() ? "none"
                : run.goals().constraints().stream().map(Object::toString).collect(Collectors.joining(", ")));
        rows.put("evaluations (OK)", String.valueOf(run.evaluations().size()));
        rows.put("evaluations (failed)", String.valueOf(run.failedEvaluations()));
        rows.put("distinct architectures evaluated",
                String.valueOf(run.evaluations().stream().map(RunData.Evaluation::canonicalKey).distinct().count()));
        rows.put("generations committed", String.valueOf(run.populations().size()));
        run.best().ifPresentOrElse(best -> {
            Objective primary = run.goals().primary();
            rows.put("best architecture", best.arch());
            rows.put("best " + primary.metric(), format(best.metrics().get(primary.metric())));
            if (!run.reportMetric().isBlank()) {
                rows.put("best's " + run.reportMetric(), format(best.metrics().get(run.reportMetric())));
            }
            rows.put("best's params", format(run.params().get(best.canonicalKey())));
            rows.put("best found in generation", String.valueOf(best.generation()));
        }, () -> rows.put("best architecture", "none (no successful evaluation)"));
        return rows;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : Math.abs(value) >= 1e4 ? String.format("%.4g", value) : String.format("%.4f", value);
    }
}
