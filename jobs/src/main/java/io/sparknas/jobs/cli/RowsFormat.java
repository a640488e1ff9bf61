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
            // showString is what Dataset.show prints; called directly so that the table goes to out, not System.out
            case TABLE -> out.print(data.showString(rows, 0, false));
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
