package dev.cohort.bench.course;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.course.CourseApplication;
import dev.cohort.course.demo.CatalogImportClient;
import dev.cohort.course.demo.DemoCatalogImporter;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.auth.TestAccessTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Course benchmark: the course service runs in this JVM on real PostgreSQL and Redis (from the test kit), and is
 * called over real gRPC on the loopback interface.
 * <ul>
 *   <li><b>SearchCourses</b>: after the demo catalog is imported, {@code clients} threads call SearchCourses
 *       back to back for {@code seconds}, cycling through realistic queries (codes with and without the space,
 *       words, a typo, filters); throughput and latency percentiles of every call.</li>
 *   <li><b>ImportCatalog</b>: {@code rows} new course records streamed through ImportCatalog (records built
 *       beforehand, time from the first message to the answer), then the same records again (all unchanged).</li>
 *   <li><b>COPY</b>: the same rows (same values, CSV built beforehand) with PostgreSQL's {@code COPY FROM STDIN}
 *       (pgjdbc CopyManager) into a table created {@code LIKE courses INCLUDING ALL} (same generated search columns
 *       and indexes): what the database itself can take, the limit for any import.</li>
 * </ul>
 */
public final class CourseBenchmark implements AutoCloseable {

    /** What people type: codes in both spellings, words, prefixes, a typo, and filters without words. */
    static final List<SearchCoursesRequest> QUERIES = List.of(
            query("cpsc310"), query("CPSC 310"), query("intro algorithms"), query("machine learning"),
            query("organic chemistry"), query("psycology"), query("linear algebra"), query("french revolution"),
            query("stat 3"), query("data"), query("history of"), query("calculus"), query("software engineering"),
            query("quantum"), SearchCoursesRequest.newBuilder().setDepartment("MATH").build(),
            SearchCoursesRequest.newBuilder().setQ("introduction").setHasOpenSeats(true).build());

    private final BenchSettings settings;
    private final PrintStream progress;
    private final TestDatabase database;
    private final ConfigurableApplicationContext service;
    private final ManagedChannel channel;
    private final String adminToken;
    private final String studentToken;

    private CourseBenchmark(BenchSettings settings, PrintStream progress, TestDatabase database,
                            ConfigurableApplicationContext service, int port, TestAccessTokens tokens) {
        this.settings = settings;
        this.progress = progress;
        this.database = database;
        this.service = service;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        this.adminToken = tokens.token(UUID.randomUUID().toString(), "ADMIN");
        this.studentToken = tokens.token(UUID.randomUUID().toString(), "STUDENT");
    }

    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.fromArgs(args);
        BenchReport report;
        try (CourseBenchmark benchmark = start(settings, System.err)) {
            report = benchmark.run();
        }
        report.print(System.out);
        System.exit(0);
    }

    /** A fresh database, and the course service on it (gRPC on a free port), trusting this benchmark's tokens. */
    public static CourseBenchmark start(BenchSettings settings, PrintStream progress) {
        progress.println("Starting PostgreSQL/Redis (test kit) and the course service...");
        TestDatabase database = TestPostgres.shared().createDatabase("bench_course");
        TestRedis redis = TestRedis.shared();
        TestAccessTokens tokens = new TestAccessTokens();
        AtomicInteger port = new AtomicInteger(-1);
        ApplicationListener<ApplicationEvent> portListener = event -> {
            if (event instanceof GrpcServerStartedEvent started) {
                port.set(started.getPort());
            }
        };
        ConfigurableApplicationContext service = CourseApplication.application()
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("benchJwkSetSource", (JwkSetSource) tokens::jwkSet))
                .listeners(portListener)
                .run("--spring.grpc.server.port=0",
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--cohort.redis.url=" + redis.url(),
                        "--cohort.redis.key-prefix=" + redis.newKeyPrefix("bench_course"),
                        "--cohort.paging.token-key=" + dev.cohort.testkit.CohortTestInfrastructure.pagingTokenKey(),
                        // No Kafka here: outbox rows are written (part of the import's cost) but not relayed.
                        "--cohort.events.relay.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN");
        return new CourseBenchmark(settings, progress, database, service, port.get(), tokens);
    }

    public BenchReport run() {
        progress.println("Importing the demo catalog...");
        List<ImportCatalogRequest> demo = DemoCatalogImporter.records();
        long started = System.nanoTime();
        ImportCatalogResponse demoAnswer = DemoCatalogImporter.importInto(channel, adminToken);
        BenchReport.ImportRun demoImport = new BenchReport.ImportRun(demo.size(), System.nanoTime() - started);
        check(demoAnswer.getFailedCount() == 0, "the demo catalog imports without errors");
        int courses = (int) demo.stream().filter(ImportCatalogRequest::hasCourse).count();

        BenchReport.SearchRun search = search(courses);

        List<BenchReport.ImportRun> imports = new ArrayList<>();
        List<BenchReport.ImportRun> reimports = new ArrayList<>();
        List<BenchReport.ImportRun> copies = new ArrayList<>();
        for (int run = 0; run < settings.runs(); run++) {
            progress.printf("Import run %d of %d: %,d rows through ImportCatalog, twice, and through COPY...%n",
                    run + 1, settings.runs(), settings.rows());
            List<ImportCatalogRequest> records = BenchRows.records(run, settings.rows());
            imports.add(importRows(records, true));
            reimports.add(importRows(records, false));
            copies.add(copy(run));
        }
        return new BenchReport(environment(), demoImport, search, imports, reimports, copies);
    }

    private BenchReport.SearchRun search(int courses) {
        progress.printf("SearchCourses: %d clients, %d s warm-up, %d s measured...%n", settings.clients(),
                settings.warmupSeconds(), settings.searchSeconds());
        searchFor(Duration.ofSeconds(settings.warmupSeconds()), new ArrayList<>(), new AtomicLong());
        List<long[]> perClient = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        searchFor(Duration.ofSeconds(settings.searchSeconds()), perClient, failures);
        long elapsed = System.nanoTime() - started;
        long[] latencies = perClient.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new BenchReport.SearchRun(settings.clients(), QUERIES.size(), courses, elapsed, latencies,
                failures.get());
    }

    /** Runs the search clients for {@code duration}; each adds its latencies to {@code perClient}. */
    private void searchFor(Duration duration, List<long[]> perClient, AtomicLong failures) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + studentToken);
        var stub = CourseServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(settings.clients());
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            int offset = client;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 16];
                int count = 0;
                try {
                    for (int i = offset; System.nanoTime() < deadline; i++) {
                        SearchCoursesRequest request = QUERIES.get(i % QUERIES.size());
                        long start = System.nanoTime();
                        try {
                            stub.withDeadlineAfter(10, TimeUnit.SECONDS).searchCourses(request);
                        } catch (StatusRuntimeException failed) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (count == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - start;
                    }
                } finally {
                    synchronized (perClient) {
                        perClient.add(java.util.Arrays.copyOf(latencies, count));
                    }
                    done.countDown();
                }
            }, "search-client-" + client);
            threads.add(thread);
            thread.start();
        }
        try {
            done.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private BenchReport.ImportRun importRows(List<ImportCatalogRequest> records, boolean expectCreated) {
        long started = System.nanoTime();
        ImportCatalogResponse answer = CatalogImportClient.send(channel, adminToken, records.iterator(),
                Duration.ofMinutes(10));
        long elapsed = System.nanoTime() - started;
        check(answer.getFailedCount() == 0, "benchmark rows import without errors");
        check((expectCreated ? answer.getCreatedCount() : answer.getUnchangedCount()) == records.size(),
                expectCreated ? "every row is created" : "every row is unchanged the second time");
        return new BenchReport.ImportRun(records.size(), elapsed);
    }

    /** COPY of the rows of run {@code run} into a fresh table shaped like {@code courses}. */
    private BenchReport.ImportRun copy(int run) {
        String table = "bench_copy_" + run;
        String now = Instant.now().toString();
        StringBuilder csv = new StringBuilder(settings.rows() * 300);
        for (int i = 0; i < settings.rows(); i++) {
            String code = BenchRows.code(run, i);
            csv.append(UUID.randomUUID()).append(',').append(code).append(',')
                    .append(code, 0, code.indexOf(' ')).append(",Benchmarking,")
                    .append(BenchRows.title(i)).append(",\"").append(BenchRows.description().replace("\"", "\"\""))
                    .append("\",3,").append(now).append(',').append(now).append('\n');
        }
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table " + table + " (like courses including all)");
            }
            var copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            long copied = copyManager.copyIn("copy " + table + " (id, code, department, department_name, title, "
                    + "description, credits, created_at, updated_at) from stdin with (format csv)",
                    new StringReader(csv.toString()));
            long elapsed = System.nanoTime() - started;
            check(copied == settings.rows(), "COPY writes every row");
            return new BenchReport.ImportRun(settings.rows(), elapsed);
        } catch (SQLException | java.io.IOException failed) {
            throw new IllegalStateException("COPY failed", failed);
        }
    }

    private String environment() {
        String server;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement();
             var result = statement.executeQuery("show server_version")) {
            result.next();
            server = "PostgreSQL " + result.getString(1);
        } catch (SQLException failed) {
            server = "PostgreSQL (version unknown)";
        }
        return server + " (" + TestPostgres.shared().mode() + "), " + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version");
    }

    private static SearchCoursesRequest query(String q) {
        return SearchCoursesRequest.newBuilder().setQ(q).build();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + what);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        service.close();
    }
}
