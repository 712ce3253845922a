package dev.cohort.bench.profile;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cohort.auth.JwkSetSource;
import dev.cohort.bench.support.EchoLimit;
import dev.cohort.bench.support.JitWarmup;
import dev.cohort.bench.support.LoadPass;
import dev.cohort.bench.support.PassCost;
import dev.cohort.profile.ProfileApplication;
import dev.cohort.profile.domain.SearchTerms;
import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import dev.cohort.profile.v1.SearchPeopleRequest;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestObjectStore;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Profile benchmark: the profile service runs in this JVM with its production configuration on real PostgreSQL
 * and Redis (from the test kit), on a fresh database seeded with {@code profiles} people ({@link Population}), and
 * is called over real gRPC on the loopback interface with real ES256 access tokens of seeded people.
 * <ul>
 *   <li><b>BatchGetProfiles</b>: 100 distinct ids per call, 30 of them the caller's classmates and 70 anyone
 *       (so visible and invisible ones mixed: most people show their profile to classmates only).</li>
 *   <li><b>SearchPeople</b> (page of 20): what people type as they type: 1-4 letters of a real first name, a first
 *       name and the start of a last name, a program word, and misspellings.</li>
 * </ul>
 * Beside each, in the same run: the same SQL the service runs ({@link ProfileReads}, its own class) straight over
 * JDBC from a pool of the same size as the clients, the floor of what the service could do; and a bare grpc-java
 * echo of the same request and response sizes, the floor of the transport.
 */
public final class ProfileBenchmark implements AutoCloseable {

    static final String BATCH = "BatchGetProfiles (100 ids), gRPC";
    static final String BATCH_JDBC = "  same SQL over JDBC (limit)";
    static final String BATCH_ECHO = "  gRPC echo, same bytes (limit)";
    static final String SEARCH = "SearchPeople (page 20), gRPC";
    static final String SEARCH_JDBC = "  same SQL over JDBC (limit)";
    static final String SEARCH_ECHO = "  gRPC echo, same bytes (limit) ";
    static final int BATCH_SIZE = 100;
    /** The compiler's share of a warm-up step below which it counts as quiet (as bench/chat's default). */
    static final double JIT_QUIET = 0.03;
    static final int CLASSMATES_PER_BATCH = 30;
    static final int PAGE_SIZE = 20;
    static final int VIEWERS = 64;

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String[] PROGRAM_WORDS = {"comp", "computer sci", "math", "physics", "engineering",
            "mechanical eng", "psych", "law", "music", "statistics"};
    private static final String[] MISSPELLINGS = {"mathmatics", "psycology", "phisics", "enginering", "compter",
            "filosophy"};

    private final BenchSettings settings;
    private final PrintStream progress;
    private final TestDatabase database;
    private final ConfigurableApplicationContext service;
    private final ManagedChannel channel;
    private final Population people;
    private final int[] viewers;
    private final List<ProfileServiceGrpc.ProfileServiceBlockingStub> stubs = new ArrayList<>();
    private final HikariDataSource jdbcPool;
    private final ProfileReads reads;
    private final EchoLimit echo = new EchoLimit();
    private final AtomicLong batchRequestBytes = new AtomicLong();
    private final AtomicLong batchResponseBytes = new AtomicLong();
    private final AtomicLong batchCalls = new AtomicLong();
    private final AtomicLong searchRequestBytes = new AtomicLong();
    private final AtomicLong searchResponseBytes = new AtomicLong();
    private final AtomicLong searchCalls = new AtomicLong();
    private volatile boolean sizing;

    private ProfileBenchmark(BenchSettings settings, PrintStream progress, TestDatabase database,
                             ConfigurableApplicationContext service, int port, TestAccessTokens tokens,
                             Population people) {
        this.settings = settings;
        this.progress = progress;
        this.database = database;
        this.service = service;
        this.people = people;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        SplittableRandom random = new SplittableRandom(7);
        this.viewers = new int[VIEWERS];
        for (int v = 0; v < VIEWERS; v++) {
            viewers[v] = random.nextInt(people.size());
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + tokens.tokenValidFor(Duration.ofHours(2),
                    people.ids[viewers[v]].toString(), "STUDENT"));
            stubs.add(ProfileServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(settings.clients());
        pool.setMinimumIdle(1);
        pool.setPoolName("bench-jdbc-limit");
        // As the service's own pool (profile.yaml): no JIT compilation of queries.
        pool.addDataSourceProperty("options", "-c jit=off");
        this.jdbcPool = new HikariDataSource(pool);
        this.reads = new ProfileReads(new NamedParameterJdbcTemplate(jdbcPool));
    }

    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.fromArgs(args);
        BenchReport report;
        try (ProfileBenchmark benchmark = start(settings, System.err)) {
            report = benchmark.run();
        }
        report.print(System.out);
        System.exit(0);
    }

    /** A fresh database seeded with the population, and the profile service on it, trusting this bench's tokens. */
    public static ProfileBenchmark start(BenchSettings settings, PrintStream progress) {
        progress.println("Starting PostgreSQL/Redis (test kit) and the profile service...");
        TestDatabase database = TestPostgres.shared().createDatabase("bench_profile");
        TestRedis redis = TestRedis.shared();
        TestAccessTokens tokens = new TestAccessTokens();
        AtomicInteger port = new AtomicInteger(-1);
        ApplicationListener<ApplicationEvent> portListener = event -> {
            if (event instanceof GrpcServerStartedEvent started) {
                port.set(started.getPort());
            }
        };
        ConfigurableApplicationContext service = ProfileApplication.application()
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("benchJwkSetSource", (JwkSetSource) tokens::jwkSet))
                .listeners(portListener)
                .run("--spring.grpc.server.port=0",
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--cohort.redis.url=" + redis.url(),
                        "--cohort.redis.key-prefix=" + redis.newKeyPrefix("bench_profile"),
                        "--cohort.paging.token-key=" + CohortTestInfrastructure.pagingTokenKey(),
                        // Avatars: the test kit's S3Proxy (profiles are seeded without avatars; nothing is uploaded).
                        "--cohort.object-store.endpoint=" + TestObjectStore.shared().endpoint(),
                        "--cohort.object-store.region=" + TestObjectStore.shared().region(),
                        "--cohort.object-store.access-key=" + TestObjectStore.shared().accessKey(),
                        "--cohort.object-store.secret-key=" + TestObjectStore.shared().secretKey(),
                        "--cohort.object-store.path-style=true",
                        "--cohort.object-store.bucket=" + TestObjectStore.shared().newBucket("bench-profile"),
                        // No Kafka here: the tables are seeded directly; nothing to consume, nothing written.
                        "--cohort.events.relay.enabled=false",
                        "--cohort.profile.consumers-enabled=false",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN");
        progress.printf("Seeding %,d profiles (COPY, then ANALYZE)...%n", settings.profiles());
        Population people;
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            people = Population.seed(connection, settings.profiles(), 42);
        } catch (SQLException | java.io.IOException failed) {
            service.close();
            throw new IllegalStateException("seeding failed", failed);
        }
        progress.printf("Seeded in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return new ProfileBenchmark(settings, progress, database, service, port.get(), tokens, people);
    }

    /**
     * Each kind of call in turn for {@code warmup} seconds, round after round, until the JIT compiler is quiet (at
     * least one round; at most {@code warmup-max}): a fixed warm-up measured the compiler as much as the service
     * (on two cores the one C2 thread works through hundreds of queued methods for a minute or more).
     */
    private void warmUp() {
        Duration each = Duration.ofSeconds(settings.warmupSeconds());
        if (each.isZero()) {
            return;
        }
        List<LoadPass.Call> calls = List.of(this::batch, this::search, this::batchJdbc, this::searchJdbc);
        JitWarmup jit = new JitWarmup(each.multipliedBy(calls.size()), Duration.ofSeconds(settings.warmupMaxSeconds()),
                JIT_QUIET);
        progress.printf("Warm-up: %d s of each kind of call in turn, until the JIT compiler is quiet...%n",
                settings.warmupSeconds());
        java.util.concurrent.atomic.AtomicInteger pass = new java.util.concurrent.atomic.AtomicInteger();
        jit.inTurns(calls.stream().<Runnable>map(call -> () -> LoadPass.run("warmup", settings.clients(), each,
                pass.getAndIncrement(), call)).toList(), progress);
    }

    public BenchReport run() {
        String environment = environment();
        warmUp();
        // The echo answers with the sizes the service's answers have: measure them on a few calls.
        // Only these calls count bytes: serializing an answer again to size it is work no real client does.
        SplittableRandom sizes = new SplittableRandom(5);
        sizing = true;
        for (int i = 0; i < 50; i++) {
            batch(sizes);
            search(sizes);
        }
        sizing = false;
        byte[] batchRequest = new byte[(int) (batchRequestBytes.get() / Math.max(1, batchCalls.get()))];
        int batchResponse = (int) (batchResponseBytes.get() / Math.max(1, batchCalls.get()));
        byte[] searchRequest = new byte[(int) (searchRequestBytes.get() / Math.max(1, searchCalls.get()))];
        int searchResponse = (int) (searchResponseBytes.get() / Math.max(1, searchCalls.get()));

        List<List<LoadPass.Figures>> passes = new ArrayList<>();
        List<List<PassCost>> costs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            passes.add(new ArrayList<>());
            costs.add(new ArrayList<>());
        }
        for (int run = 0; run < settings.runs(); run++) {
            progress.printf("Run %d of %d: 6 passes of %d s (load average %s)...%n", run + 1, settings.runs(),
                    settings.seconds(), loadAverage());
            long seed = 100L * (run + 1);
            measure(passes, costs, 0, "batch", seed, this::batch);
            measure(passes, costs, 1, "batch-jdbc", seed, this::batchJdbc);
            echo.respondWith(batchResponse);
            measure(passes, costs, 2, "batch-echo", seed, random -> echo.call(batchRequest) * 0);
            measure(passes, costs, 3, "search", seed, this::search);
            measure(passes, costs, 4, "search-jdbc", seed, this::searchJdbc);
            echo.respondWith(searchResponse);
            measure(passes, costs, 5, "search-echo", seed, random -> echo.call(searchRequest) * 0);
        }
        String[] names = {BATCH, BATCH_JDBC, BATCH_ECHO, SEARCH, SEARCH_JDBC, SEARCH_ECHO};
        List<BenchReport.Series> series = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            series.add(new BenchReport.Series(names[i], passes.get(i), costs.get(i)));
        }
        String population = String.format(Locale.ROOT, "%,d profiles (%,d classmates-only, %,d everyone, %,d nobody),"
                        + " %,d section memberships (%d each, ~%d per section), %,d follows, %,d blocks; %d callers;"
                        + " payloads: batch %,d B → %,d B, search %,d B → %,d B",
                people.size(), people.visibilityCounts[0], people.visibilityCounts[1], people.visibilityCounts[2],
                people.size() * Population.SECTIONS_PER_PERSON, Population.SECTIONS_PER_PERSON,
                Population.PEOPLE_PER_SECTION, people.follows, people.blocks, VIEWERS, batchRequest.length,
                batchResponse, searchRequest.length, searchResponse);
        return new BenchReport(environment + "; os load average at the end " + loadAverage(), population, series,
                explain("ka") + "\n" + explain("engineering") + "\n" + explain("psycology"));
    }

    /** One measured pass, with the JVM's CPU time and collections while it ran (client and service alike). */
    private void measure(List<List<LoadPass.Figures>> passes, List<List<PassCost>> costs, int index, String name,
                         long seed, LoadPass.Call call) {
        PassCost.Meter meter = PassCost.start();
        passes.get(index).add(LoadPass.run(name, settings.clients(), Duration.ofSeconds(settings.seconds()), seed,
                call));
        costs.get(index).add(meter.stop());
    }

    private int batch(SplittableRandom random) {
        int viewer = random.nextInt(VIEWERS);
        BatchGetProfilesRequest.Builder request = BatchGetProfilesRequest.newBuilder();
        for (int person : batchPeople(viewers[viewer], random)) {
            request.addUserIds(people.idTexts[person]);
        }
        var answer = stubs.get(viewer).withDeadlineAfter(10, TimeUnit.SECONDS).batchGetProfiles(request.build());
        if (sizing) {
            batchRequestBytes.addAndGet(request.build().getSerializedSize());
            batchResponseBytes.addAndGet(answer.getSerializedSize());
            batchCalls.incrementAndGet();
        }
        return answer.getProfilesCount();
    }

    private int batchJdbc(SplittableRandom random) {
        int viewer = random.nextInt(VIEWERS);
        List<UUID> ids = new ArrayList<>(BATCH_SIZE);
        for (int person : batchPeople(viewers[viewer], random)) {
            ids.add(people.ids[person]);
        }
        return reads.visible(people.ids[viewers[viewer]], ids).size();
    }

    private int search(SplittableRandom random) {
        int viewer = random.nextInt(VIEWERS);
        SearchPeopleRequest request = SearchPeopleRequest.newBuilder().setQuery(typed(random))
                .setPageSize(PAGE_SIZE).build();
        var answer = stubs.get(viewer).withDeadlineAfter(10, TimeUnit.SECONDS).searchPeople(request);
        if (sizing) {
            searchRequestBytes.addAndGet(request.getSerializedSize());
            searchResponseBytes.addAndGet(answer.getSerializedSize());
            searchCalls.incrementAndGet();
        }
        return answer.getProfilesCount();
    }

    private int searchJdbc(SplittableRandom random) {
        int viewer = random.nextInt(VIEWERS);
        return reads.search(people.ids[viewers[viewer]], SearchTerms.parse(typed(random)), null, PAGE_SIZE + 1)
                .size();
    }

    /**
     * PostgreSQL's plan of the service's own search SQL for {@code typed}, as executed ({@code EXPLAIN (ANALYZE,
     * BUFFERS)}): {@link ProfileReads} runs on a template that explains each statement instead of running it.
     */
    private String explain(String typed) {
        StringBuilder plan = new StringBuilder();
        NamedParameterJdbcTemplate explaining = new NamedParameterJdbcTemplate(jdbcPool) {
            @Override
            public <T> List<T> query(String sql, SqlParameterSource parameters, RowMapper<T> ignored) {
                super.query("explain (analyze, buffers) " + sql, parameters,
                        (row, n) -> plan.append("    ").append(row.getString(1)).append('\n'));
                return List.of();
            }
        };
        new ProfileReads(explaining).search(people.ids[viewers[0]], SearchTerms.parse(typed), null, PAGE_SIZE + 1);
        return "EXPLAIN ANALYZE of SearchPeople's SQL for \"" + typed + "\" on " + String.format("%,d", people.size())
                + " profiles:\n" + plan;
    }

    /** 100 distinct people (indexes): classmates of the viewer (mostly visible) and anyone (mostly not). */
    private Set<Integer> batchPeople(int viewer, SplittableRandom random) {
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int tries = 0; chosen.size() < CLASSMATES_PER_BATCH && tries < 4 * CLASSMATES_PER_BATCH; tries++) {
            chosen.add(people.classmateOf(viewer, random));
        }
        while (chosen.size() < BATCH_SIZE) {
            chosen.add(random.nextInt(people.size()));
        }
        return chosen;
    }

    /** What someone types into the people search box: mostly the start of a real name, as they type it. */
    private String typed(SplittableRandom random) {
        String name = people.names[random.nextInt(people.size())];
        String[] parts = name.split(" ");
        int roll = random.nextInt(100);
        if (roll < 55) {
            return parts[0].substring(0, Math.min(parts[0].length(), 1 + random.nextInt(4))).toLowerCase(Locale.ROOT);
        }
        if (roll < 75) {
            return parts[0] + " " + parts[1].substring(0, Math.min(parts[1].length(), 1 + random.nextInt(4)));
        }
        if (roll < 90) {
            return PROGRAM_WORDS[random.nextInt(PROGRAM_WORDS.length)];
        }
        if (roll < 95) {
            return MISSPELLINGS[random.nextInt(MISSPELLINGS.length)];
        }
        // A typo in a full first name: two letters swapped.
        char[] letters = parts[0].toLowerCase(Locale.ROOT).toCharArray();
        int at = 1 + random.nextInt(Math.max(1, letters.length - 2));
        if (at + 1 < letters.length) {
            char swap = letters[at];
            letters[at] = letters[at + 1];
            letters[at + 1] = swap;
        }
        return new String(letters);
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
        jdbcPool.close();
        service.close();
    }
}
