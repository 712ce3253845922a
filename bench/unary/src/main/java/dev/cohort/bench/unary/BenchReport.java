package dev.cohort.bench.unary;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of every run, by name (one value per run), printed as median, min and max: the median of three runs
 * in a row and their spread, never the best run.
 */
final class BenchReport {

    /** One figure's values, run by run, and how to print it. */
    record Series(String name, String format, List<Double> values) {

        double median() {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private final String environment;
    private final String population;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    BenchReport(String environment, String population) {
        this.environment = environment;
        this.population = population;
    }

    void add(String name, String format, double value) {
        series.computeIfAbsent(name, key -> new Series(key, format, new ArrayList<>())).values().add(value);
    }

    void failed(Figures figures) {
        if (figures.failures() > 0) {
            failures.add(figures.name() + " (" + figures.load() + "): " + figures.failures() + " calls failed");
        }
    }

    Series get(String name) {
        Series found = series.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no figure named " + name);
        }
        return found;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    void print(PrintStream out) {
        out.println("Unary read path benchmark");
        out.println("  " + environment);
        out.println("  " + population);
        out.println();
        int width = series.keySet().stream().filter(name -> !name.startsWith("#")).mapToInt(String::length).max()
                .orElse(10) + 2;
        int runs = series.values().stream().mapToInt(s -> s.values().size()).max().orElse(0);
        out.printf(Locale.ROOT, "%-" + width + "s %12s   %s%n", "", "median", runs + " runs: min - max");
        for (Series one : series.values()) {
            if (one.name().startsWith("#")) {
                out.println();
                out.println(one.name().substring(1).trim());
                continue;
            }
            out.printf(Locale.ROOT, "%-" + width + "s %12s   %s - %s%n", one.name(),
                    String.format(Locale.ROOT, one.format(), one.median()),
                    String.format(Locale.ROOT, one.format(), one.min()).trim(),
                    String.format(Locale.ROOT, one.format(), one.max()).trim());
        }
        out.println();
        out.println(failures.isEmpty() ? "No call failed." : "FAILED CALLS: " + String.join("; ", failures));
    }

    /** A heading line in the printed table. */
    void heading(String title) {
        series.putIfAbsent("# " + title, new Series("# " + title, "%s", new ArrayList<>(Arrays.asList(0.0))));
    }
}
