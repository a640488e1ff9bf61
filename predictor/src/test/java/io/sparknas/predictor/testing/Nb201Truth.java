package io.sparknas.predictor.testing;

import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import io.sparknas.predictor.TrainingSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The real NB201 CIFAR-10 validation accuracy (200 epochs), averaged over seeds, for every cell. */
public final class Nb201Truth {
    public static final String TARGET = "cifar10_valid_val_acc";
    private static TrainingSet meanOverSeeds;

    private Nb201Truth() {
    }

    /** 15,625 rows, one per cell, in file order; read once per test JVM. */
    public static synchronized TrainingSet meanValidationAccuracy() {
        if (meanOverSeeds == null) {
            meanOverSeeds = load(SharedBenchmarks.file(SharedBenchmarks.PERSEED));
        }
        return meanOverSeeds;
    }

    private static TrainingSet load(Path file) {
        Map<String, double[]> sumAndCount = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(in.readLine().split(","));
            int arch = column(header, "arch_str", file);
            int value = column(header, TARGET, file);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                double[] acc = sumAndCount.computeIfAbsent(cells[arch], k -> new double[2]);
                acc[0] += Double.parseDouble(cells[value]);
                acc[1] += 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Nb201Space space = new Nb201Space();
        List<TrainingSet.Row> rows = new ArrayList<>(sumAndCount.size());
        sumAndCount.forEach((arch, acc) ->
                rows.add(new TrainingSet.Row(space.decode(space.parse(arch)), acc[0] / acc[1])));
        return new TrainingSet(file.getFileName() + " (mean over seeds)", TARGET, rows);
    }

    private static int column(List<String> header, String name, Path file) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException(file + " has no column " + name + " (columns: " + header + ")");
        }
        return index;
    }
}
