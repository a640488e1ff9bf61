package io.sparknas.jobs.cli;

import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code sql --format}: the table grid (built by RowsFormat on both Spark lines), CSV and JSON Lines. */
class RowsFormatTest extends LocalSpark {
    private static String print(RowsFormat format, Dataset<Row> data, int rows) {
        StringWriter out = new StringWriter();
        format.print(data, rows, new PrintWriter(out));
        return out.toString();
    }

    private static Dataset<Row> sample() {
        return spark().sql("SELECT * FROM VALUES (1, 'a', array(1, 2), map('k', 0.5)), (22, CAST(NULL AS STRING), "
                + "array(3), map('k', 1.5)), (3, 'ccc', CAST(NULL AS ARRAY<INT>), CAST(map() AS MAP<STRING, DECIMAL(2,1)>)) AS t(n, text, xs, m) ORDER BY n");
    }

    @Test
    void theTableIsSparksGridWithEveryCellAsSparkCastsItToAString() {
        assertEquals("""
                +---+----+------+----------+
                |n  |text|xs    |m         |
                +---+----+------+----------+
                |1  |a   |[1, 2]|{k -> 0.5}|
                |3  |ccc |NULL  |{}        |
                |22 |NULL|[3]   |{k -> 1.5}|
                +---+----+------+----------+
                """, print(RowsFormat.TABLE, sample(), 20));
    }

    @Test
    void aCutTableSaysHowManyRowsItShows() {
        String text = print(RowsFormat.TABLE, sample(), 1);
        assertEquals(6, text.lines().count(), text);
        assertEquals("only showing top 1 row", text.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void csvQuotesWhatNeedsItAndJsonIsOneObjectPerRow() {
        assertEquals("n,text\n1,\"a,\"\"b\"\"\"\n2,\n",
                print(RowsFormat.CSV, spark().sql("SELECT * FROM VALUES (1, 'a,\"b\"'), (2, NULL) AS t(n, text) ORDER BY n"), 20));
        assertEquals("{\"n\":1}\n", print(RowsFormat.JSON, spark().sql("SELECT 1 AS n"), 20));
        assertThrows(IllegalArgumentException.class, () -> RowsFormat.parse("xml"));
    }
}
