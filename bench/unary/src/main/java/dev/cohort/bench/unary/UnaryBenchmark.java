package dev.cohort.bench.unary;

import dev.cohort.bench.support.EchoLimit;
import dev.cohort.bench.support.PassCost;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Unary read path benchmark: identity, course and chat in this JVM ({@link ServicesUnderTest}), called with
 * identity's own access tokens ({@link Population}), beside a raw grpc-java unary echo in the same run
 * ({@link EchoLimit}). Each run measures, for the echo and for GetMe, GetCourse, SearchCourses and
 * ListConversations over direct gRPC: the peak (closed loop, {@code inFlight} in flight) and the latency paced at
 * half of that peak; SearchCourses with {@code searchClients} callers; then each call through the gateway as REST
 * and as gRPC-Web: its peak, and its latency paced at half of it beside direct gRPC paced at the same rate.
 */
public final class UnaryBenchmark implements AutoCloseable {

    private static final String F_RATE = "%,12.0f";
    private static final String F_RATIO = "%12.2f";
    private static final String F_MS = "%12.2f";

    private final BenchSettings settings;
    private final PrintStream progress;
    private final ServicesUnderTest services;
    private final Population people;
    /** The echo's payloads: about a GetMe request and answer. */
    static final int ECHO_REQUEST_BYTES = 40;
    static final int ECHO_RESPONSE_BYTES = 200;

    private final EchoLimit echo = new EchoLimit();
    private final byte[] echoRequest = new byte[ECHO_REQUEST_BYTES];
    private final UnaryCall echoCall = n -> UnaryCall.completable(echo.futureCall(echoRequest));
    private final DirectGrpc direct;
    private final List<Transport> viaGateway = new ArrayList<>();

    private UnaryBenchmark(BenchSettings settings, PrintStream progress, ServicesUnderTest services,
                           Population people) {
        this.settings = settings;
        this.progress = progress;
        this.services = services;
        this.people = people;
        this.direct = new DirectGrpc(services, people);
        echo.respondWith(ECHO_RESPONSE_BYTES);
        if (settings.gateway()) {
            viaGateway.add(new GatewayRest(services, people));
            viaGateway.add(new GatewayGrpcWeb(services, people));
        }
    }

    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.fromArgs(args);
        BenchReport report;
        try (UnaryBenchmark benchmark = start(settings, System.err)) {
            report = benchmark.run();
        }
        report.print(System.out);
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    static UnaryBenchmark start(BenchSettings settings, PrintStream progress) {
        progress.println("Starting PostgreSQL/Redis (test kit), identity, course, chat and the gateway...");
        ServicesUnderTest services = new ServicesUnderTest(settings.serviceProperties());
        try {
            progress.printf("Registering %d people, importing the demo catalog, creating channels...%n",
                    settings.users());
            return new UnaryBenchmark(settings, progress, services, Population.create(services, settings.users()));
        } catch (RuntimeException failed) {
            services.close();
            throw failed;
        }
    }

    BenchReport run() {
        BenchReport report = new BenchReport(services.environment() + "; load average at the start " + loadAverage(),
                String.format(Locale.ROOT, "%d callers (identity's ES256 tokens), %d courses, %d channels each;"
                                + " echo %d B → %d B; %d in flight at peak, %d s per pass",
                        people.tokens().size(), people.courseIds().size(), Population.CHANNELS_PER_USER,
                        ECHO_REQUEST_BYTES, ECHO_RESPONSE_BYTES, settings.inFlight(), settings.seconds()));
        warmUp();
        if (settings.profileSeconds() > 0) {
            profileEachCallAlone(report);
            return report;
        }
        for (int run = 1; run <= settings.runs(); run++) {
            progress.printf("Run %d of %d (load average %s)...%n", run, settings.runs(), loadAverage());
            measureDirect(report);
            for (Transport transport : viaGateway) {
                measureGateway(report, transport);
            }
        }
        return report;
    }

    /** Each call alone in a closed loop, directly and then through the gateway, so a profile can tell them apart. */
    private void profileEachCallAlone(BenchReport report) {
        Duration alone = Duration.ofSeconds(settings.profileSeconds());
        for (Rpc rpc : Rpc.values()) {
            progress.printf("Profiling %s alone for %d s...%n", rpc.label, settings.profileSeconds());
            peak(report, () -> LoadDriver.closedLoop(rpc.label, direct.call(rpc), settings.inFlight(), alone));
        }
        for (Transport transport : viaGateway) {
            for (Rpc rpc : Rpc.values()) {
                progress.printf("Profiling %s %s alone for %d s...%n", transport.name(), rpc.label,
                        settings.profileSeconds());
                peak(report, () -> LoadDriver.closedLoop(transport.name() + " " + rpc.label, transport.call(rpc),
                        settings.inFlight(), alone));
            }
        }
    }

    private void warmUp() {
        Duration warmup = Duration.ofSeconds(settings.warmupSeconds());
        if (warmup.isZero()) {
            return;
        }
        progress.printf("Warm-up: %d s of each call on each transport...%n", settings.warmupSeconds());
        LoadDriver.closedLoop("warmup echo", echoCall, settings.inFlight(), warmup);
        for (Rpc rpc : Rpc.values()) {
            LoadDriver.closedLoop("warmup " + rpc.label, direct.call(rpc), settings.inFlight(), warmup);
            for (Transport transport : viaGateway) {
                LoadDriver.closedLoop("warmup " + rpc.label, transport.call(rpc), settings.inFlight(), warmup);
            }
        }
    }

    private void measureDirect(BenchReport report) {
        Duration pass = Duration.ofSeconds(settings.seconds());
        report.heading("Direct gRPC: peak (closed loop), latency paced at half of the peak");
        Figures echoPeak = pass(report, LoadDriver.closedLoop("echo", echoCall, settings.inFlight(), pass));
        Figures echoPaced = pass(report, LoadDriver.paced("echo", echoCall, echoPeak.perSecond() / 2, pass));
        report.add("echo calls/s", F_RATE, echoPeak.perSecond());
        report.add("echo p50 ms at half peak", F_MS, echoPaced.percentileMillis(50));
        report.add("echo p99 ms at half peak", F_MS, echoPaced.percentileMillis(99));
        for (Rpc rpc : Rpc.values()) {
            UnaryCall call = direct.call(rpc);
            Peak measured = peak(report, () -> LoadDriver.closedLoop(rpc.label, call, settings.inFlight(), pass));
            Figures peak = measured.figures();
            Figures paced = pass(report, LoadDriver.paced(rpc.label, call, peak.perSecond() / 2, pass));
            report.add(rpc.label + " calls/s", F_RATE, peak.perSecond());
            report.add(rpc.label + " CPU ms a call at peak", F_MS, measured.cpuMillisPerCall());
            report.add(rpc.label + " / echo", F_RATIO, peak.perSecond() / echoPeak.perSecond());
            report.add(rpc.label + " p50 ms at half peak", F_MS, paced.percentileMillis(50));
            report.add(rpc.label + " p99 ms at half peak", F_MS, paced.percentileMillis(99));
        }
        Figures search = pass(report, LoadDriver.closedLoop("SearchCourses", direct.call(Rpc.SEARCH_COURSES),
                settings.searchClients(), pass));
        String clients = " at " + settings.searchClients() + " clients";
        report.add("SearchCourses calls/s" + clients, F_RATE, search.perSecond());
        report.add("SearchCourses p50 ms" + clients, F_MS, search.percentileMillis(50));
        report.add("SearchCourses p99 ms" + clients, F_MS, search.percentileMillis(99));
    }

    private void measureGateway(BenchReport report, Transport transport) {
        Duration pass = Duration.ofSeconds(settings.seconds());
        report.heading(transport.name() + ": peak against direct gRPC's peak of the same run; p99 paced at half of"
                + " its peak, added to direct gRPC's p99 at that rate");
        for (Rpc rpc : Rpc.values()) {
            UnaryCall call = transport.call(rpc);
            Peak measured = peak(report, () -> LoadDriver.closedLoop(rpc.label, call, settings.inFlight(), pass));
            Figures peak = measured.figures();
            double rate = peak.perSecond() / 2;
            Figures paced = pass(report, LoadDriver.paced(rpc.label, call, rate, pass));
            Figures directPaced = pass(report, LoadDriver.paced(rpc.label, direct.call(rpc), rate, pass));
            String name = transport.name() + " " + rpc.label;
            List<Double> directPeaks = report.get(rpc.label + " calls/s").values();
            report.add(name + " calls/s", F_RATE, peak.perSecond());
            report.add(name + " / direct", F_RATIO, peak.perSecond() / directPeaks.get(directPeaks.size() - 1));
            List<Double> directCpu = report.get(rpc.label + " CPU ms a call at peak").values();
            report.add(name + " CPU ms a call at peak", F_MS, measured.cpuMillisPerCall());
            report.add(name + " CPU a call / direct", F_RATIO,
                    measured.cpuMillisPerCall() / directCpu.get(directCpu.size() - 1));
            report.add(name + " p99 ms at half peak", F_MS, paced.percentileMillis(99));
            report.add(name + " added p99 ms", F_MS, paced.percentileMillis(99) - directPaced.percentileMillis(99));
        }
    }

    /**
     * A closed-loop pass with what it cost the whole JVM (client, gateway and services: CPU time and collections).
     * CPU a call holds up under other load far better than calls a second do, so it shows what a change costs.
     */
    private Peak peak(BenchReport report, Supplier<Figures> closedLoop) {
        PassCost.Meter meter = PassCost.start();
        Figures figures = closedLoop.get();
        Peak measured = new Peak(figures, meter.stop());
        pass(report, figures);
        progress.printf(Locale.ROOT, "  %-22s CPU %.3f ms a call (whole JVM), %d collections (%d ms)%n", "",
                measured.cpuMillisPerCall(), measured.cost().collections(), measured.cost().gcMillis());
        return measured;
    }

    private record Peak(Figures figures, PassCost cost) {
        double cpuMillisPerCall() {
            return cost.cpuMillisPerCall(figures.latencies().length);
        }
    }

    private Figures pass(BenchReport report, Figures figures) {
        report.failed(figures);
        progress.printf(Locale.ROOT, "  %-22s %-28s %,9.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms%s%n",
                figures.name(), figures.load(), figures.perSecond(), figures.percentileMillis(50),
                figures.percentileMillis(99), figures.percentileMillis(100),
                figures.failures() > 0 ? "  FAILED " + figures.failures() : "");
        return figures;
    }

    /** The 1, 5 and 15 minute load averages (other work on the machine shows here). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException unavailable) {
            return String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    @Override
    public void close() {
        viaGateway.forEach(Transport::close);
        direct.close();
        echo.close();
        services.close();
    }
}
