package dev.cohort.bench.course;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The figures of one benchmark run, and how they are printed. */
public record BenchReport(String environment, ImportRun demoImport, SearchRun search, List<ImportRun> imports,
                          List<ImportRun> reimports, List<ImportRun> copies) {

    /** {@code rows} rows written in {@code nanos}. */
    public record ImportRun(int rows, long nanos) {
        public double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }
    }

    /** Search calls and their latencies in nanoseconds over {@code nanos} of wall time with {@code clients}. */
    public record SearchRun(int clients, int queryShapes, int courses, long nanos, long[] latencies, long failures) {
        public double perSecond() {
            return latencies.length / (nanos / 1e9);
        }

        public double percentileMillis(double percentile) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    public double importToCopyRatio() {
        return median(imports) / median(copies);
    }

    static double median(List<ImportRun> runs) {
        double[] rates = runs.stream().mapToDouble(ImportRun::rowsPerSecond).sorted().toArray();
        return rates.length == 0 ? 0 : rates[rates.length / 2];
    }

    private static String spread(List<ImportRun> runs) {
        double[] rates = runs.stream().mapToDouble(ImportRun::rowsPerSecond).sorted().toArray();
        return String.format("%,10.0f rows/s  (min %,.0f, max %,.0f; %d runs)", median(runs), rates[0],
                rates[rates.length - 1], rates.length);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Course benchmark — " + environment);
        out.printf("Demo catalog import: %,d records in %.2f s%n", demoImport.rows(), demoImport.nanos() / 1e9);
        out.println();
        out.printf("SearchCourses on the demo catalog (%d courses; %d query shapes; %d concurrent clients)%n",
                search.courses(), search.queryShapes(), search.clients());
        out.printf("  throughput   %,10.0f calls/s  (%,d calls in %.1f s, %d failed)%n", search.perSecond(),
                search.latencies().length, search.nanos() / 1e9, search.failures());
        out.printf("  latency      p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n",
                search.percentileMillis(50), search.percentileMillis(90), search.percentileMillis(99),
                search.percentileMillis(100));
        out.println();
        int rows = imports.get(0).rows();
        out.printf("Writing %,d course rows (median of runs)%n", rows);
        out.println("  ImportCatalog, new rows     " + spread(imports));
        out.println("  ImportCatalog, same again   " + spread(reimports) + "  (all unchanged)");
        out.println("  PostgreSQL COPY, same rows  " + spread(copies) + "  (the limit)");
        out.printf("  ratio import/COPY           %.2f%n", importToCopyRatio());
    }
}
