package io.sparknas.jobs.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How {@code sql} and {@code runs} print rows ({@code --format}): a table for people, CSV with a
 * header for spreadsheets and scripts, JSON Lines (one object per row, Spark's own encoding) for jq.
 */
public enum RowsFormat {
    TABLE, CSV, JSON;

    /** The option's help: the names as typed. */
    public static final String NAMES = "table, csv or json";

    /** Picocli's converter: the lower-case name, or a one-line error naming the value. */
    public static RowsFormat parse(String value) {
        for (RowsFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("--format must be " + NAMES + ", got '" + value + "'");
    }

    /** Prints the first {@code rows} rows of {@code data} to {@code out}. */
    public void print(Dataset<Row> data, int rows, PrintWriter out) {
        switch (this) {
            case TABLE -> out.print(table(data, rows));
            case CSV -> {
                out.println(String.join(",", List.of(data.columns()).stream().map(RowsFormat::csvField).toList()));
                for (Row row : data.limit(rows).collectAsList()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < row.size(); i++) {
                        line.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : csvField(String.valueOf(row.get(i))));
                    }
                    out.println(line);
                }
            }
            case JSON -> data.limit(rows).toJSON().collectAsList().forEach(out::println);
        }
        out.flush();
    }

    /**
     * The layout of {@code Dataset.show(rows, false)}: a bordered grid, cells as Spark casts them to
     * strings ({@code [a, b]} for arrays, {@code {k -> v}} for maps), and a "only showing top" line
     * when rows were left out. Built here because Spark 4's API {@code Dataset} has no
     * {@code showString}, and {@code show} prints to System.out, not to {@code out}.
     */
    static String table(Dataset<Row> data, int rows) {
        String[] names = data.columns();
        org.apache.spark.sql.Column[] asText = new org.apache.spark.sql.Column[names.length];
        for (int i = 0; i < names.length; i++) {
            asText[i] = data.col("`" + names[i].replace("`", "``") + "`").cast("string").as("c" + i);
        }
        List<Row> taken = data.select(asText).limit(rows + 1).collectAsList();
        List<String[]> grid = new java.util.ArrayList<>();
        grid.add(names);
        for (Row row : taken.subList(0, Math.min(rows, taken.size()))) {
            String[] cells = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                cells[i] = row.isNullAt(i) ? "NULL" : row.getString(i);
            }
            grid.add(cells);
        }
        int[] widths = new int[names.length];
        for (String[] cells : grid) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(Math.max(widths[i], 3), cells[i].length());
            }
        }
        StringBuilder border = new StringBuilder("+");
        for (int width : widths) {
            border.append("-".repeat(width)).append('+');
        }
        StringBuilder text = new StringBuilder().append(border).append('\n');
        for (int r = 0; r < grid.size(); r++) {
            text.append('|');
            for (int i = 0; i < widths.length; i++) {
                text.append(grid.get(r)[i]).append(" ".repeat(widths[i] - grid.get(r)[i].length())).append('|');
            }
            text.append('\n');
            if (r == 0) {
                text.append(border).append('\n');
            }
        }
        text.append(border).append('\n');
        if (taken.size() > rows) {
            text.append("only showing top ").append(rows).append(rows == 1 ? " row" : " rows").append('\n');
        }
        return text.toString();
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
    static String csvField(String value) {
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
