package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/** A small comma-separated table from ../shared/benchmarks (no quoted fields in these files). */
final class CsvTable {
    static final String ARCH_COSTS = "nb201-arch-costs/nb201_arch_costs_cifar.csv";
    static final String HELP_DESKTOP_GPU = "nb201-latency-help/nb201_latency_desktop_gpu.csv";
    private static final Nb201Space SPACE = new Nb201Space();

    final List<String> header;
    final List<String[]> rows;

    private CsvTable(List<String> header, List<String[]> rows) {
        this.header = header;
        this.rows = rows;
    }

    static CsvTable read(String relative) {
        try {
            List<String> lines = Files.readAllLines(SharedBenchmarks.file(relative));
            List<String> header = Arrays.asList(lines.get(0).split(","));
            List<String[]> rows = lines.stream().skip(1).map(line -> line.split(",", -1)).toList();
            return new CsvTable(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("column '" + name + "' missing; have " + header);
        }
        return index;
    }

    double[] doubles(String name) {
        int index = column(name);
        return rows.stream().mapToDouble(row -> Double.parseDouble(row[index])).toArray();
    }

    List<Nb201Cell> cells() {
        int index = column("arch_str");
        return rows.stream().map(row -> cell(row[index])).toList();
    }

    static Nb201Cell cell(String archString) {
        return SPACE.decode(SPACE.parse(archString));
    }
}
