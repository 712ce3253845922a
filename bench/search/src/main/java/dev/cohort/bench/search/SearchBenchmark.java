package dev.cohort.bench.search;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cohort.auth.JwkSetSource;
import dev.cohort.bench.support.EchoLimit;
import dev.cohort.bench.support.JitWarmup;
import dev.cohort.bench.support.LoadPass;
import dev.cohort.events.Topics;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.search.SearchApplication;
import dev.cohort.search.app.TextLanguages;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.SearchFilters;
import dev.cohort.search.store.IndexWrites;
import dev.cohort.search.store.SearchCriteria;
import dev.cohort.search.store.SearchIndex;
import dev.cohort.search.v1.SearchRequest;
import dev.cohort.search.v1.SearchServiceGrpc;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.auth.TestAccessTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search benchmark: the search service runs in this JVM with its production configuration on real PostgreSQL (a
 * fresh database from the test kit) and the in-JVM Kafka broker with the test schema registry, its index loaded
 * with {@code messages} messages ({@link Corpus}), and is called over real gRPC on the loopback interface with
 * real ES256 access tokens of members of the corpus's conversations.
 * <ul>
 *   <li><b>Search</b> (page of 20, every kind): {@code clients} callers back to back ({@link Queries}).</li>
 *   <li><b>Index lag</b>: chat's MessagePosted events at {@code rate} per second through the broker and the
 *       service's own consumer ({@link IndexLagPass}).</li>
 * </ul>
 * Beside each, in the same run: the service's own search SQL ({@link SearchIndex}) straight over JDBC from a pool
 * of {@code clients} connections, and a bare gRPC echo of the same sizes; for the lag, the broker alone and the
 * consumer's writes straight over JDBC at the same rate ({@link WriteLimitPass}).
 */
public final class SearchBenchmark implements AutoCloseable {

    /** The warm-up ends when the compiler took less than this share of two steps in a row (bench/support's rule). */
    static final double JIT_QUIET = 0.03;


    static final String SEARCH = "Search (page 20), gRPC";
    static final String SEARCH_JDBC = "  same SQL over JDBC (limit)";
    static final String SEARCH_ECHO = "  gRPC echo, same bytes (limit)";
    static final int PAGE_SIZE = 20;
    static final int CALLERS = 64;
    /** The service's own settings of its pool's sessions (search.yaml), for the JDBC limit's pool. */
    static final String SESSION_OPTIONS = "-c jit=off";

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final BenchSettings settings;
    private final PrintStream progress;
    private final TestDatabase database;
    private final ConfigurableApplicationContext service;
    private final ManagedChannel channel;
    private final Corpus corpus;
    private final Queries queries;
    private final LagHistogram lagHistogram;
    private final int[] callers;
    private final List<SearchServiceGrpc.SearchServiceBlockingStub> stubs = new ArrayList<>();
    private final HikariDataSource jdbcPool;
    private final SearchIndex index;
    private final IndexLagPass lagPass;
    private final WriteLimitPass writeLimit;
    private final EchoLimit echo = new EchoLimit();
    private final AtomicLong requestBytes = new AtomicLong();
    private final AtomicLong responseBytes = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    private SearchBenchmark(BenchSettings settings, PrintStream progress, TestDatabase database,
                            ConfigurableApplicationContext service, int port, TestAccessTokens tokens, Corpus corpus,
                            LagHistogram lagHistogram) {
        this.settings = settings;
        this.progress = progress;
        this.database = database;
        this.service = service;
        this.corpus = corpus;
        this.queries = new Queries(corpus.vocabulary);
        this.lagHistogram = lagHistogram;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        SplittableRandom random = new SplittableRandom(7);
        this.callers = new int[CALLERS];
        for (int c = 0; c < CALLERS; c++) {
            int user;
            do {
                user = random.nextInt(corpus.users.length);
            } while (corpus.conversationsOf[user].length == 0);
            callers[c] = user;
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + tokens.tokenValidFor(Duration.ofHours(2),
                    corpus.users[user].toString(), "STUDENT"));
            stubs.add(SearchServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(settings.clients() + 1);
        pool.setMinimumIdle(1);
        pool.setPoolName("bench-jdbc-limit");
        pool.addDataSourceProperty("options", SESSION_OPTIONS);
        this.jdbcPool = new HikariDataSource(pool);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(jdbcPool);
        this.index = service.getBean(SearchIndex.class).on(jdbc);
        this.lagPass = new IndexLagPass(corpus, TestEvents.bootstrapServers(), TestEvents.registryUrl());
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(jdbcPool));
        this.writeLimit = new WriteLimitPass(corpus, new ProcessedEvents(new JdbcTemplate(jdbcPool), transactions),
                new IndexWrites(jdbc, IndexWrites.LIVE), service.getBean(TextLanguages.class), transactions);
    }

    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.fromArgs(args);
        BenchReport report;
        try (SearchBenchmark benchmark = start(settings, System.err)) {
            report = benchmark.run();
        }
        report.print(System.out);
        System.exit(0);
    }

    /** A fresh database, the search service on it consuming from the in-JVM broker, and the corpus loaded. */
    public static SearchBenchmark start(BenchSettings settings, PrintStream progress) {
        progress.println("Starting PostgreSQL/Redis (test kit), the in-JVM Kafka broker, the schema registry and the"
                + " search service...");
        TestDatabase database = TestPostgres.shared().createDatabase("bench_search");
        TestRedis redis = TestRedis.shared();
        TestAccessTokens tokens = new TestAccessTokens();
        InJvmKafka.shared().createTopics(3, Topics.CHAT_MESSAGES, Topics.COURSE_CATALOG, Topics.COURSE_ENROLLMENTS,
                Topics.IDENTITY_USERS, Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS);
        LagHistogram lagHistogram = new LagHistogram();
        AtomicInteger port = new AtomicInteger(-1);
        ApplicationListener<ApplicationEvent> portListener = event -> {
            if (event instanceof GrpcServerStartedEvent started) {
                port.set(started.getPort());
            }
        };
        ConfigurableApplicationContext service = SearchApplication.application()
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("benchJwkSetSource", (JwkSetSource) tokens::jwkSet);
                    context.getBeanFactory().registerSingleton("benchMeterRegistry", lagHistogram.registry());
                })
                .listeners(portListener)
                .run("--spring.grpc.server.port=0",
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--cohort.redis.url=" + redis.url(),
                        "--cohort.redis.key-prefix=" + redis.newKeyPrefix("bench_search"),
                        "--cohort.paging.token-key=" + CohortTestInfrastructure.pagingTokenKey(),
                        "--cohort.events.bootstrap-servers=" + TestEvents.bootstrapServers(),
                        "--cohort.events.schema-registry-url=" + TestEvents.registryUrl(),
                        // Search publishes nothing: no relay polling an always empty outbox.
                        "--cohort.events.relay.enabled=false",
                        "--cohort.search.consumers-enabled=true",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN");
        progress.printf("Loading %,d messages (COPY, indexes built afterwards, then VACUUM ANALYZE)...%n",
                settings.messages());
        Corpus corpus;
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            corpus = Corpus.load(connection, settings, 42, progress::println);
        } catch (SQLException | java.io.IOException failed) {
            service.close();
            throw new IllegalStateException("loading the corpus failed", failed);
        }
        progress.printf("Loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return new SearchBenchmark(settings, progress, database, service, port.get(), tokens, corpus, lagHistogram);
    }

    /**
     * Each kind of pass in turn for {@code each}, round after round, until the JIT compiler is quiet (at least one
     * round; at most {@code warmup-max}): with a fixed warm-up the compiler still took a tenth to a fifth of the
     * machine during the first run's passes. The rule is bench/support's {@link JitWarmup}, as bench/profile's.
     */
    private void warmUp(Duration each) {
        List<Runnable> kinds = List.of(
                () -> LoadPass.run("warmup-search", settings.clients(), each, 1, this::search),
                () -> LoadPass.run("warmup-search-jdbc", settings.clients(), each, 2, this::searchJdbc),
                () -> lagPass.run(settings.rate(), each, 3, lagHistogram));
        JitWarmup jit = new JitWarmup(each.multipliedBy(kinds.size()), Duration.ofSeconds(settings.warmupMaxSeconds()),
                JIT_QUIET);
        progress.printf("Warm-up: %d s of each kind of pass in turn, until the JIT compiler is quiet...%n",
                settings.warmupSeconds());
        jit.inTurns(kinds, progress);
    }

    public BenchReport run() {
        String environment = environment();
        Duration warmup = Duration.ofSeconds(settings.warmupSeconds());
        Duration measured = Duration.ofSeconds(settings.seconds());
        if (!warmup.isZero()) {
            warmUp(warmup);
        }
        // The echo answers with the sizes the service's answers have: measure them on a few calls.
        SplittableRandom sizes = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            search(sizes);
        }
        byte[] request = new byte[(int) (requestBytes.get() / Math.max(1, calls.get()))];
        int response = (int) (responseBytes.get() / Math.max(1, calls.get()));
        echo.respondWith(response);

        List<List<LoadPass.Figures>> passes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<SearchPassCost>> costs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<LatenciesByKind>> byKind = List.of(new ArrayList<>(), new ArrayList<>());
        List<BenchReport.LagRun> lag = new ArrayList<>();
        int clients = settings.clients();
        for (int run = 0; run < settings.runs(); run++) {
            progress.printf("Run %d of %d: 3 search passes and 2 index lag passes of %d s (load average %s)...%n",
                    run + 1, settings.runs(), settings.seconds(), loadAverage());
            long seed = 100L * (run + 1);
            LatenciesByKind grpcByKind = new LatenciesByKind();
            LatenciesByKind jdbcByKind = new LatenciesByKind();
            // The pass that comes first follows the previous run's index lag passes (tens of thousands of new
            // rows, their pages cold or unhinted) and leaves the same queries' pages warm for the other one, so the
            // two alternate: the service and its limit each come first in every other run.
            boolean grpcFirst = run % 2 == 0;
            SearchPassCost.Measured<LoadPass.Figures> grpc = null;
            SearchPassCost.Measured<LoadPass.Figures> jdbc = null;
            for (int pass = 0; pass < 2; pass++) {
                if ((pass == 0) == grpcFirst) {
                    grpc = measure(() -> LoadPass.run("search", clients, measured, seed,
                            random -> search(random, grpcByKind)));
                } else {
                    jdbc = measure(() -> LoadPass.run("search-jdbc", clients, measured, seed,
                            random -> searchJdbc(random, jdbcByKind)));
                }
            }
            long grpcCalls = grpc.result().latencies().length;
            long jdbcCalls = jdbc.result().latencies().length;
            progress.printf(Locale.ROOT, "  run %d, %s first: gRPC p99 %.2f ms (%.0f/s), JDBC p99 %.2f ms (%.0f/s);"
                            + " mean call gRPC %.2f ms (its index read in the service %.2f ms), JDBC %.2f ms;"
                            + " CPU ms/call JVM gRPC %.3f JDBC %.3f, PostgreSQL gRPC %.3f JDBC %.3f (load %s)%n",
                    run + 1, grpcFirst ? "gRPC" : "JDBC", grpc.result().percentileMillis(99), grpc.result().perSecond(),
                    jdbc.result().percentileMillis(99), jdbc.result().perSecond(), mean(grpc.result()),
                    grpc.cost().indexReadMillis(), mean(jdbc.result()), grpc.cost().jvmMillisPerCall(grpcCalls),
                    jdbc.cost().jvmMillisPerCall(jdbcCalls), grpc.cost().postgresMillisPerCall(grpcCalls),
                    jdbc.cost().postgresMillisPerCall(jdbcCalls), loadAverage());
            passes.get(0).add(grpc.result());
            passes.get(1).add(jdbc.result());
            costs.get(0).add(grpc.cost());
            costs.get(1).add(jdbc.cost());
            byKind.get(0).add(grpcByKind);
            byKind.get(1).add(jdbcByKind);
            SearchPassCost.Measured<LoadPass.Figures> echoed = measure(() -> LoadPass.run("search-echo", clients, measured,
                    seed, random -> echo.call(request) * 0));
            passes.get(2).add(echoed.result());
            costs.get(2).add(echoed.cost());
            IndexLagPass.Figures lagFigures = lagPass.run(settings.rate(), measured, seed, lagHistogram);
            double[] writes = writeLimit.run(settings.rate(), measured, seed);
            lag.add(new BenchReport.LagRun(lagFigures, writes));
        }
        List<BenchReport.Series> series = List.of(new BenchReport.Series(SEARCH, passes.get(0), costs.get(0)),
                new BenchReport.Series(SEARCH_JDBC, passes.get(1), costs.get(1)),
                new BenchReport.Series(SEARCH_ECHO, passes.get(2), costs.get(2)));
        String described = String.format(Locale.ROOT, "%,d messages (6–24 words from a vocabulary of %,d, Zipf) in"
                        + " %,d conversations of %d members, %,d people; %d callers (each in ~%d conversations); %s;"
                        + " payloads %,d B → %,d B; index lag at %,d messages/s",
                corpus.messages, corpus.vocabulary.words.length, corpus.conversations.length,
                BenchSettings.MEMBERS_PER_CONVERSATION, corpus.users.length, CALLERS,
                corpus.conversations.length * BenchSettings.MEMBERS_PER_CONVERSATION / corpus.users.length,
                Queries.described(), request.length, response, settings.rate());
        String plans = explain(queries.typed(new SplittableRandom(1)).replace("\"", ""))
                + explain(Queries.misspelled(corpus.vocabulary.ranks(150, 2_000).get(3), new SplittableRandom(2)));
        List<BenchReport.KindSeries> kinds = List.of(new BenchReport.KindSeries(SEARCH, byKind.get(0)),
                new BenchReport.KindSeries(SEARCH_JDBC.trim(), byKind.get(1)));
        return new BenchReport(environment + "; os load average at the end " + loadAverage(), described, series,
                kinds, lag, plans);
    }

    /** A measured pass with its CPU (this JVM, the database's backends) and the service's index reads. */
    private <T> SearchPassCost.Measured<T> measure(Supplier<T> pass) {
        return SearchPassCost.measure(database.jdbcUrl(), database.username(), database.password(),
                lagHistogram.registry(), pass);
    }

    private static double mean(LoadPass.Figures figures) {
        return Arrays.stream(figures.latencies()).average().orElse(0) / 1e6;
    }

    private int search(SplittableRandom random) {
        return search(random, new LatenciesByKind());
    }

    private int search(SplittableRandom random, LatenciesByKind byKind) {
        int caller = random.nextInt(CALLERS);
        Queries.Query query = queries.next(random);
        SearchRequest request = SearchRequest.newBuilder().setQuery(query.text()).setPageSize(PAGE_SIZE).build();
        long started = System.nanoTime();
        var answer = stubs.get(caller).withDeadlineAfter(10, TimeUnit.SECONDS).search(request);
        byKind.add(query.kind(), System.nanoTime() - started);
        requestBytes.addAndGet(request.getSerializedSize());
        responseBytes.addAndGet(answer.getSerializedSize());
        calls.incrementAndGet();
        return answer.getResultsCount();
    }

    private int searchJdbc(SplittableRandom random) {
        return searchJdbc(random, new LatenciesByKind());
    }

    private int searchJdbc(SplittableRandom random, LatenciesByKind byKind) {
        int caller = random.nextInt(CALLERS);
        Queries.Query query = queries.next(random);
        long started = System.nanoTime();
        int rows = index.search(criteria(corpus.users[callers[caller]], query.text())).size();
        byKind.add(query.kind(), System.nanoTime() - started);
        return rows;
    }

    private static SearchCriteria criteria(UUID caller, String text) {
        SearchFilters filters = new SearchFilters(Set.of(), null, null, null, null, null);
        return new SearchCriteria(caller, text, filters, EnumSet.allOf(Kind.class), Instant.now(), null,
                PAGE_SIZE + 1);
    }

    /**
     * PostgreSQL's plan of the service's own search SQL for {@code text}, as executed ({@code EXPLAIN (ANALYZE,
     * BUFFERS)}): {@link SearchIndex} runs on a template that explains each statement instead of running it.
     */
    private String explain(String text) {
        StringBuilder plan = new StringBuilder();
        NamedParameterJdbcTemplate explaining = new NamedParameterJdbcTemplate(jdbcPool) {
            @Override
            public <T> List<T> query(String sql, SqlParameterSource parameters, RowMapper<T> ignored) {
                super.query("explain (analyze, buffers) " + sql, parameters,
                        (row, n) -> plan.append("    ").append(row.getString(1)).append('\n'));
                return List.of();
            }
        };
        index.on(explaining).search(criteria(corpus.users[callers[0]], text));
        return "EXPLAIN ANALYZE of Search's SQL for \"" + text + "\" on " + String.format("%,d", corpus.messages)
                + " messages:\n" + plan + "\n";
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
                + " CPUs, Java " + System.getProperty("java.version") + "; os load average at the start "
                + loadAverage();
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
        channel.shutdownNow();
        echo.close();
        lagPass.close();
        jdbcPool.close();
        service.close();
    }
}
