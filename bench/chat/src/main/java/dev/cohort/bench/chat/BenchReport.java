package dev.cohort.bench.chat;

import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.groupcommit.GroupCommitStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of one benchmark run, and how they are printed: pass details, limits, heap series, the table. */
record BenchReport(String environment, BenchSettings settings, JdbcLimit.Result jdbc, EchoLimit.Result echo,
                   PassResult peak, PassResult paced, HeapResult heap) {

    static final Target PERSISTED = Target.atLeast(0.5, "≥ 0.50 × limit");
    static final Target DELIVERIES = Target.atLeast(0.5, "≥ 0.50 × limit");
    static final Target P99 = Target.below(50, "< 50 ms");
    static final Target HEAP_WITH_STREAMS = Target.below(400, "< 400 MB");
    static final Target PER_STREAM = Target.below(40, "< 40 kB");

    /**
     * The heap in use after a full GC just before a pass opened its streams and once they were all open and live:
     * the difference per stream is what a stream costs, the service's side and the client's together (both are
     * in this JVM), plus the conversations' feeds their subscriptions created.
     */
    record StreamMemory(int streams, long beforeBytes, long openBytes) {
        double bytesPerStream() {
            return streams == 0 ? Double.NaN : (double) (openBytes - beforeBytes) / streams;
        }
    }

    /** One pass: how it was driven, its measured window, and the whole pass after the load stopped. */
    record PassResult(String name, double targetRate, LoadPass.Readiness readiness, StreamMemory memory,
                      LoadStats.Window window,
                      LoadPass.Drain drain, GroupCommitStats.Snapshot writer, int writerLanes,
                      Map<DeliveryProbe.Stage, LatencyHistogram.Summary> stages, GcPauses.Window gc) {
        boolean closedLoop() {
            return targetRate == 0;
        }
    }

    /** The long run: its pass and the heap after GC over it. */
    record HeapResult(PassResult pass, HeapSeries series, double slopeLimit) {
        Target target() {
            return Target.below(slopeLimit, String.format("< %.2f MiB/min", slopeLimit));
        }
    }

    /** One line of the table. */
    record Row(String measure, String value, String limit, String ratio, String target, String result) {
    }

    /** The pass whose throughput is compared with the limits: the peak, or the paced one when no peak was run. */
    PassResult headline() {
        return peak != null ? peak : paced;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        PassResult main = headline();
        String where = main.closedLoop() ? "peak, closed loop" : String.format("at %,.0f sends/s", main.targetRate());
        double persisted = main.window().persistedPerSecond();
        double persistedRatio = Target.ratio(persisted, jdbc.rowsPerSecond());
        rows.add(new Row("persisted sends/s (" + where + ")", String.format("%,.0f /s", persisted),
                String.format("JDBC 1 row/tx %,.0f /s", jdbc.rowsPerSecond()), ratio(persistedRatio),
                PERSISTED.text(), verdict(PERSISTED.judge(persistedRatio), main)));
        double deliveries = main.window().deliveriesPerSecond();
        double deliveryRatio = Target.ratio(deliveries, echo.messagesPerSecond());
        rows.add(new Row("deliveries/s (" + where + ")", String.format("%,.0f /s", deliveries),
                String.format("gRPC echo %,.0f msg/s", echo.messagesPerSecond()), ratio(deliveryRatio),
                DELIVERIES.text(), verdict(DELIVERIES.judge(deliveryRatio), main)));
        LatencyHistogram.Summary latency = paced.window().sendToReceive();
        String at = peak != null ? String.format("at 50%% of peak, %,.0f sends/s", paced.targetRate())
                : String.format("at %,.0f sends/s", paced.targetRate());
        double p99 = latency.count() == 0 ? Double.NaN : latency.p99();
        rows.add(new Row("p99 send→receive (" + at + ")", latency.count() == 0 ? "no deliveries"
                : String.format("%.2f ms", p99), "", "", P99.text(), verdict(P99.judge(p99), paced)));
        StreamMemory memory = main.memory();
        double heapMb = memory.openBytes() / 1e6;
        rows.add(new Row(String.format("heap after GC, %,d streams open", memory.streams()),
                String.format("%.1f MB", heapMb), "", "", HEAP_WITH_STREAMS.text(),
                verdict(HEAP_WITH_STREAMS.judge(heapMb))));
        double perStreamKb = memory.bytesPerStream() / 1000;
        rows.add(new Row("memory a stream (heap after GC, open − before)", String.format("%.1f kB", perStreamKb),
                "", "", PER_STREAM.text(), verdict(PER_STREAM.judge(perStreamKb))));
        if (heap != null) {
            double slope = heap.series().slopeMiBPerMinute();
            double seconds = heap.pass().window().seconds();
            String length = seconds >= 60 ? String.format("%.1f min", seconds / 60) : String.format("%.0f s", seconds);
            rows.add(new Row(String.format("heap after GC, slope (%s at %,.0f sends/s)", length,
                    heap.pass().targetRate()),
                    String.format("%+.2f MiB/min", slope), "", "", heap.target().text(),
                    verdict(heap.target().judge(Math.abs(slope)))));
        }
        List<String> errors = new ArrayList<>();
        for (PassResult pass : passes()) {
            errors.add(String.format("%,d", pass.window().errorCount()));
        }
        rows.add(new Row("errors (" + passes().stream().map(PassResult::name).collect(Collectors.joining(" / "))
                + ")", String.join(" / ", errors), "", "", "", ""));
        return rows;
    }

    List<PassResult> passes() {
        List<PassResult> passes = new ArrayList<>();
        if (peak != null) {
            passes.add(peak);
        }
        passes.add(paced);
        if (heap != null) {
            passes.add(heap.pass());
        }
        return passes;
    }

    boolean allPassed() {
        return rows().stream().noneMatch(row -> row.result().startsWith("FAIL"));
    }

    void print(PrintStream out) {
        out.println();
        out.println("Chat benchmark — " + environment);
        out.printf("%d conversations × %d subscribers (%s streams) = %,d streams; %d senders (%s); %d-character "
                        + "texts; %d client connections for the readers, %d for the senders%n", settings.conversations(),
                settings.subscribersPerConversation(), settings.streamApi().equals("connect") ? "Connect" : "Subscribe",
                settings.subscriberStreams(), settings.senders(), settings.sendApi().equals("connect")
                        ? "send command on Connect" : "unary SendMessage", settings.textBytes(), settings.channels(),
                settings.senderChannels());
        if (settings.replicas() > 1) {
            out.printf("%d chat replicas on one PostgreSQL database and Redis: senders on the first, the readers' "
                    + "connections spread over all of them%n", settings.replicas());
        }
        out.println();
        for (PassResult pass : passes()) {
            printPass(out, pass);
        }
        out.println("Limits measured in this run (same machine, same JVM, chat service idle):");
        out.printf("  gRPC bidi echo, Netty on 127.0.0.1: %,d streams over %d connections, %d-byte messages, "
                        + "%d in flight per stream   %,.0f messages/s%n", echo.streams(), settings.channels(),
                echo.payloadBytes(), echo.window(), echo.messagesPerSecond());
        out.printf("  JDBC insert into messages, 1 row per transaction (autocommit, one connection)        %,.0f rows/s%n",
                jdbc.rowsPerSecond());
        if (heap != null) {
            out.println();
            printHeap(out);
        }
        out.println();
        printTable(out, rows());
    }

    private void printPass(PrintStream out, PassResult pass) {
        LoadStats.Window window = pass.window();
        String driven = pass.closedLoop()
                ? String.format("closed loop, %d senders × %d in flight", settings.senders(), settings.inFlight())
                : String.format("paced at %,.0f sends/s", pass.targetRate());
        out.printf("%s (%s), %.1f s measured:%n", pass.name(), driven, window.seconds());
        out.printf("  sent %,.0f /s   persisted (acked) %,.0f /s   deliveries %,.0f /s%n", window.sentPerSecond(),
                window.persistedPerSecond(), window.deliveriesPerSecond());
        StreamMemory memory = pass.memory();
        out.printf("  heap after GC %.1f MiB before the streams, %.1f MiB with %,d open: %.1f kB a stream (service "
                        + "and client)%n", memory.beforeBytes() / HeapSeries.MIB, memory.openBytes() / HeapSeries.MIB,
                memory.streams(), memory.bytesPerStream() / 1000);
        out.println("  send→receive  " + window.sendToReceive().describe());
        out.println("  send→ack      " + window.sendToAck().describe());
        out.println("  errors        " + describe(window.errors()));
        out.println("  writer        " + describeWriter(pass.writer(), pass.writerLanes(), window.seconds()));
        printStages(out, pass);
        out.println("  GC            " + pass.gc().describe() + " (whole JVM, in the window)");
        LoadPass.Drain drain = pass.drain();
        LoadPass.Readiness ready = pass.readiness();
        out.printf("  whole pass    %,d acked → %,d deliveries expected, %,d received (%,d missing); %d sends "
                        + "unanswered; %d of %d streams ended early; %d of %d live before load (%.1f s)%n",
                drain.persisted(), drain.expectedDeliveries(), drain.deliveries(), drain.missing(), drain.unanswered(),
                drain.endedStreams(), ready.streams(), ready.ready(), ready.streams(), ready.seconds());
        out.println();
    }

    /**
     * Each message's time from its send's due time to each stage it passed, in stage order: the percentiles are
     * cumulative, so where one jumps from a row to the next is where the tail is made.
     */
    static void printStages(PrintStream out, PassResult pass) {
        out.println("  stages        from the send's due time to (cumulative; p50 / p99 / p99.9 / max in ms, samples):");
        Map<DeliveryProbe.Stage, LatencyHistogram.Summary> stages = pass.stages();
        printStage(out, "accepted by the writer", stages.get(DeliveryProbe.Stage.ACCEPTED));
        printStage(out, "batch committed", stages.get(DeliveryProbe.Stage.COMMITTED));
        printStage(out, "acked at the sender", pass.window().sendToAck());
        printStage(out, "back from Redis", stages.get(DeliveryProbe.Stage.RECEIVED));
        printStage(out, "written to a stream ¹", stages.get(DeliveryProbe.Stage.WRITTEN));
        printStage(out, "read by the client", pass.window().sendToReceive());
        out.printf("    ¹ one in %d stream writes sampled%n", DeliveryStages.WRITTEN_EVERY);
    }

    private static void printStage(PrintStream out, String stage, LatencyHistogram.Summary summary) {
        if (summary == null || summary.count() == 0) {
            out.printf("    %-24s no samples%n", stage);
            return;
        }
        out.printf("    %-24s %8.2f / %8.2f / %8.2f / %8.2f  (%,d)%n", stage, summary.p50(), summary.p99(),
                summary.p999(), summary.max(), summary.count());
    }

    private void printHeap(PrintStream out) {
        HeapSeries series = heap.series();
        out.printf("Heap in use after GC (whole JVM: service and load generator), every %d s over %.0f s at %,.0f "
                + "sends/s:%n", settings.heapInterval().toSeconds(), heap.pass().window().seconds(),
                heap.pass().targetRate());
        StringBuilder times = new StringBuilder("  t (s) ");
        StringBuilder values = new StringBuilder("  MiB   ");
        for (HeapSeries.Sample sample : series.samples()) {
            String value = String.format("%.1f", sample.usedMiB());
            int width = Math.max(value.length(), 4) + 1;
            times.append(String.format("%" + width + "d", Math.round(sample.seconds())));
            values.append(String.format("%" + width + "s", value));
        }
        out.println(times);
        out.println(values);
        out.printf("  slope %+.2f MiB/min (least squares over %d samples); min %.1f MiB, max %.1f MiB%n",
                series.slopeMiBPerMinute(), series.samples().size(), series.minMiB(), series.maxMiB());
    }

    static void printTable(PrintStream out, List<Row> rows) {
        String[] header = {"measure", "value", "limit", "ratio", "target", "result"};
        int[] widths = new int[header.length];
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row row : rows) {
            lines.add(new String[] {row.measure(), row.value(), row.limit(), row.ratio(), row.target(), row.result()});
        }
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int n = 0; n < lines.size(); n++) {
            String[] line = lines.get(n);
            StringBuilder text = new StringBuilder("| ");
            for (int i = 0; i < line.length; i++) {
                boolean number = n > 0 && (i == 1 || i == 3);
                text.append(String.format("%" + (number ? "" : "-") + widths[i] + "s", line[i])).append(" | ");
            }
            out.println(text.toString().stripTrailing());
            if (n == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append("-".repeat(width + 2)).append('|');
                }
                out.println(rule);
            }
        }
    }

    private static String describe(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        return errors.entrySet().stream().map(entry -> String.format("%s × %,d", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    /** The service's group commits in the window: how often, how big, how long, how busy its lanes were. */
    static String describeWriter(GroupCommitStats.Snapshot writer, int lanes, double seconds) {
        return String.format("%,.0f batches/s of %.1f sends, %.2f ms each, %,d over 50 ms; %d lanes %.0f%% busy",
                writer.batches() / seconds, writer.itemsPerBatch(), writer.millisPerBatch(), writer.slowBatches(), lanes,
                100 * writer.nanos() / 1e9 / (seconds * lanes));
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format("%.2f", ratio);
    }

    private static String verdict(boolean passed) {
        return passed ? "PASS" : "FAIL";
    }

    /**
     * A figure counts only if its pass delivered everything it acknowledged to every reader: a pass whose streams
     * were cut off (slow consumers) or that lost deliveries measured an overloaded service, whatever its rates.
     */
    static String verdict(boolean passed, PassResult pass) {
        LoadPass.Drain drain = pass.drain();
        if (drain.endedStreams() > 0 || drain.missing() > 0) {
            return String.format("FAIL (%d streams cut off, %,d deliveries missing)", drain.endedStreams(),
                    drain.missing());
        }
        return verdict(passed);
    }
}
