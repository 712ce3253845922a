package dev.cohort.bench.search;

import dev.cohort.bench.support.LoadPass;
import dev.cohort.search.app.Searching;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The figures of the whole benchmark (every pass of every run), and how they are printed. */
public record BenchReport(String environment, String corpus, List<Series> series, List<KindSeries> kinds,
                          List<LagRun> lag, String plans) {

    static final double SEARCH_TARGET_P99_MILLIS = 50;
    static final double LAG_TARGET_P99_MILLIS = 1_000;

    /** One kind of call measured in each of the runs, with what each run's pass cost. */
    public record Series(String name, List<LoadPass.Figures> runs, List<SearchPassCost> costs) {

        /** {@code figure} of each run's pass cost and its number of calls. */
        String cost(CostFigure figure, String format) {
            double[] values = new double[runs.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = figure.of(costs.get(i), runs.get(i).latencies().length);
            }
            return BenchReport.spread(values, format);
        }

        String meanCall() {
            return figure(run -> Arrays.stream(run.latencies()).average().orElse(0) / 1e6, "%.2f");
        }

        double median(ToDoubleFunction<LoadPass.Figures> figure) {
            return BenchReport.median(runs.stream().mapToDouble(figure).toArray());
        }

        double p99() {
            return median(run -> run.percentileMillis(99));
        }

        long failures() {
            return runs.stream().mapToLong(LoadPass.Figures::failures).sum();
        }

        String figure(ToDoubleFunction<LoadPass.Figures> figure, String format) {
            return BenchReport.spread(runs.stream().mapToDouble(figure).toArray(), format);
        }
    }

    interface CostFigure {
        double of(SearchPassCost cost, long calls);
    }

    /** One search series' calls by kind of query, in each of the runs. */
    public record KindSeries(String name, List<LatenciesByKind> runs) {

        String figure(ToDoubleFunction<LatenciesByKind> figure, String format) {
            return BenchReport.spread(runs.stream().mapToDouble(figure).toArray(), format);
        }
    }

    /** One run's index lag pass and its limits: the service's lag, the broker alone, the writes over JDBC alone. */
    public record LagRun(IndexLagPass.Figures service, double[] writeLimitMillis) {
    }

    Series series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    double searchP99() {
        return series(SearchBenchmark.SEARCH).p99();
    }

    double lagP99() {
        return median(lag.stream().mapToDouble(run -> run.service().service().percentileMillis(99)).toArray());
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Search benchmark — " + environment);
        out.println(corpus);
        int runs = series.get(0).runs().size();
        int clients = series.get(0).runs().get(0).clients();
        out.printf("%d clients per search pass; median of %d runs in a row [min–max over the runs]%n%n", clients,
                runs);
        out.printf("%-40s %22s %22s %22s %22s %9s%n", "", "calls/s", "p50 ms", "p99 ms", "max ms", "rows/call");
        for (Series s : series) {
            out.printf("%-40s %22s %22s %22s %22s %9.1f%n", s.name(), s.figure(LoadPass.Figures::perSecond, "%,.0f"),
                    s.figure(run -> run.percentileMillis(50), "%.2f"), s.figure(run -> run.percentileMillis(99), "%.2f"),
                    s.figure(run -> run.percentileMillis(100), "%.2f"), s.median(LoadPass.Figures::resultsPerCall));
        }
        out.println();
        out.printf("%-40s %22s %22s %22s %22s%n", "What a call costs", "mean call ms", "service's SQL ms",
                "JVM CPU ms/call", "PostgreSQL CPU ms/call");
        for (Series s : series) {
            out.printf("%-40s %22s %22s %22s %22s%n", s.name(), s.meanCall(),
                    s.name().equals(SearchBenchmark.SEARCH) ? s.cost((cost, calls) -> cost.indexReadMillis(), "%.2f")
                            : "",
                    s.cost(SearchPassCost::jvmMillisPerCall, "%.3f"), s.cost(SearchPassCost::postgresMillisPerCall, "%.3f"));
        }
        out.println("  (service's SQL: the service's own timer of its index read, " + Searching.INDEX_READ
                + ", connection borrowing included; JVM: the service, its clients and the JDBC limit's callers;"
                + " PostgreSQL: the bench database's backends, from /proc, NaN when not local)");
        for (KindSeries k : kinds) {
            out.println();
            out.printf("%-40s %22s %22s %22s %22s%n", k.name() + ", by kind of query", "share of calls", "p50 ms",
                    "p99 ms", "calls over " + (int) SEARCH_TARGET_P99_MILLIS + " ms");
            for (Queries.Kind kind : Queries.Kind.values()) {
                out.printf("%-40s %22s %22s %22s %22s%n", "  " + kind.described,
                        k.figure(run -> 100.0 * run.calls(kind) / Math.max(1, total(run)), "%.0f %%"),
                        k.figure(run -> run.percentileMillis(kind, 50), "%.2f"),
                        k.figure(run -> run.percentileMillis(kind, 99), "%.2f"),
                        k.figure(run -> run.over(kind, SEARCH_TARGET_P99_MILLIS), "%,.0f"));
            }
        }
        out.println();
        out.printf("%-40s %22s %22s %22s %22s%n", "", "messages/s", "p50 ms", "p99 ms", "max ms");
        out.printf("%-40s %22s %22s %22s %22s%n", "Index lag, published → searchable",
                spread(lag(run -> run.service().achievedRate()), "%,.0f"),
                spread(lag(run -> run.service().service().percentileMillis(50)), "%.0f"),
                spread(lag(run -> run.service().service().percentileMillis(99)), "%.0f"),
                spread(lag(run -> run.service().service().percentileMillis(100)), "%.0f"));
        out.printf("%-40s %22s %22s %22s %22s%n", "  broker alone, same records (limit)", "",
                spread(lag(run -> run.service().brokerPercentile(50)), "%.0f"),
                spread(lag(run -> run.service().brokerPercentile(99)), "%.0f"),
                spread(lag(run -> run.service().brokerPercentile(100)), "%.0f"));
        out.printf("%-40s %22s %22s %22s %22s%n", "  same writes over JDBC (limit)", "",
                spread(lag(run -> WriteLimitPass.percentile(run.writeLimitMillis(), 50)), "%.1f"),
                spread(lag(run -> WriteLimitPass.percentile(run.writeLimitMillis(), 99)), "%.1f"),
                spread(lag(run -> WriteLimitPass.percentile(run.writeLimitMillis(), 100)), "%.1f"));
        out.println("  (the service's lag is read from its own timer in buckets of 1 ms to 100 ms, 5 ms to 1 s, "
                + "50 ms beyond: each figure is its bucket's upper bound; the broker's lag has millisecond "
                + "resolution)");
        out.println();
        for (Series s : series) {
            if (s.failures() > 0) {
                out.printf("  %s: %,d calls FAILED%n", s.name(), s.failures());
            }
        }
        out.printf("Target Search p99 < %.0f ms at %d clients: %s (median p99 %.2f ms)%n", SEARCH_TARGET_P99_MILLIS,
                clients, searchP99() < SEARCH_TARGET_P99_MILLIS ? "PASS" : "FAIL", searchP99());
        out.printf("Target index lag p99 < %.0f ms:           %s (median p99 %.0f ms)%n", LAG_TARGET_P99_MILLIS,
                lagP99() < LAG_TARGET_P99_MILLIS ? "PASS" : "FAIL", lagP99());
        out.println();
        out.print(plans);
    }

    private static int total(LatenciesByKind run) {
        int total = 0;
        for (Queries.Kind kind : Queries.Kind.values()) {
            total += run.calls(kind);
        }
        return total;
    }

    private double[] lag(ToDoubleFunction<LagRun> figure) {
        return lag.stream().mapToDouble(figure).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format + " [" + format + "–" + format + "]", sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1]);
    }
}
