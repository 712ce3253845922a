package dev.cohort.bench.profile;

import dev.cohort.bench.support.LoadPass;
import dev.cohort.bench.support.PassCost;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The figures of the whole benchmark (every pass of every run), and how they are printed. */
public record BenchReport(String environment, String population, List<Series> series, String plan) {

    static final double BATCH_TARGET_P99_MILLIS = 10;
    static final double SEARCH_TARGET_P99_MILLIS = 30;

    /** One kind of call measured in each of the runs, with what each of its passes cost the JVM. */
    public record Series(String name, List<LoadPass.Figures> runs, List<PassCost> costs) {

        /** The JVM's CPU milliseconds per call of each run (client and service together), median of the runs. */
        double cpuMillisPerCall() {
            double[] values = new double[runs.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = costs.get(i).cpuMillisPerCall(runs.get(i).latencies().length);
            }
            Arrays.sort(values);
            return values[values.length / 2];
        }

        /** Collections and their accounted milliseconds over all the runs' passes. */
        String collections() {
            return String.format("%d / %d ms", costs.stream().mapToLong(PassCost::collections).sum(),
                    costs.stream().mapToLong(PassCost::gcMillis).sum());
        }

        double median(ToDoubleFunction<LoadPass.Figures> figure) {
            double[] values = sorted(figure);
            return values[values.length / 2];
        }

        double min(ToDoubleFunction<LoadPass.Figures> figure) {
            return sorted(figure)[0];
        }

        double max(ToDoubleFunction<LoadPass.Figures> figure) {
            double[] values = sorted(figure);
            return values[values.length - 1];
        }

        double p99() {
            return median(run -> run.percentileMillis(99));
        }

        long failures() {
            return runs.stream().mapToLong(LoadPass.Figures::failures).sum();
        }

        long calls() {
            return runs.stream().mapToLong(run -> run.latencies().length).sum();
        }

        private double[] sorted(ToDoubleFunction<LoadPass.Figures> figure) {
            double[] values = runs.stream().mapToDouble(figure).toArray();
            Arrays.sort(values);
            return values;
        }
    }

    Series series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    boolean batchPasses() {
        return series(ProfileBenchmark.BATCH).p99() < BATCH_TARGET_P99_MILLIS;
    }

    boolean searchPasses() {
        return series(ProfileBenchmark.SEARCH).p99() < SEARCH_TARGET_P99_MILLIS;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Profile benchmark — " + environment);
        out.println(population);
        int runs = series.get(0).runs().size();
        int clients = series.get(0).runs().get(0).clients();
        out.printf("%d clients per pass; median of %d runs in a row [min–max over the runs]%n%n", clients, runs);
        out.printf("%-38s %22s %22s %22s %22s %8s %12s %14s%n", "", "calls/s", "p50 ms", "p99 ms", "max ms",
                "rows/call", "CPU ms/call", "GCs (all runs)");
        for (Series s : series) {
            out.printf("%-38s %22s %22s %22s %22s %8.1f %12.3f %14s%n", s.name(),
                    figure(s, LoadPass.Figures::perSecond, "%,.0f"),
                    figure(s, run -> run.percentileMillis(50), "%.2f"),
                    figure(s, run -> run.percentileMillis(99), "%.2f"),
                    figure(s, run -> run.percentileMillis(100), "%.2f"),
                    s.median(LoadPass.Figures::resultsPerCall), s.cpuMillisPerCall(), s.collections());
        }
        out.println("CPU ms/call: this JVM's CPU time (service and clients) per call, median of the runs; GCs: "
                + "collections during the passes and the time the collectors accounted.");
        out.println();
        for (Series s : series) {
            if (s.failures() > 0) {
                out.printf("  %s: %,d of %,d calls FAILED%n", s.name(), s.failures(), s.calls() + s.failures());
            }
        }
        out.printf("Target BatchGetProfiles (100 ids) p99 < %.0f ms: %s (median p99 %.2f ms)%n",
                BATCH_TARGET_P99_MILLIS, batchPasses() ? "PASS" : "FAIL", series(ProfileBenchmark.BATCH).p99());
        out.printf("Target SearchPeople p99 < %.0f ms:            %s (median p99 %.2f ms)%n",
                SEARCH_TARGET_P99_MILLIS, searchPasses() ? "PASS" : "FAIL", series(ProfileBenchmark.SEARCH).p99());
        out.println();
        out.print(plan);
    }

    private static String figure(Series s, ToDoubleFunction<LoadPass.Figures> figure, String format) {
        return String.format(format + " [" + format + "–" + format + "]", s.median(figure), s.min(figure),
                s.max(figure));
    }
}
