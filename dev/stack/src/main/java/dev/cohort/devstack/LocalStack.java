package dev.cohort.devstack;

import dev.cohort.course.CourseApplication;
import dev.cohort.devgateway.GatewaySettings;
import dev.cohort.devgateway.LocalGateway;
import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TelemetrySettings;
import dev.cohort.chat.ChatApplication;
import dev.cohort.group.GroupApplication;
import dev.cohort.identity.IdentityApplication;
import dev.cohort.mailserver.InJvmSmtp;
import dev.cohort.moderation.ModerationApplication;
import dev.cohort.search.SearchApplication;
import dev.cohort.notification.NotificationApplication;
import dev.cohort.profile.ProfileApplication;
import dev.cohort.kafka.broker.PersistentKafka;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./cohort up}: starts the infrastructure and every service in this JVM, shows progress, prints where
 * things are, and on Ctrl-C (or {@code ./cohort down}) stops everything in reverse order. Service logs go to
 * {@code .cohort/logs/cohort.log} so the terminal shows only progress and problems.
 */
public final class LocalStack implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@cohort.local";

    private final StackSettings settings;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Each service's Prometheus port, for ./cohort status (written to run/metrics-ports once all are up). */
    private final java.util.Map<String, Integer> metricsPorts = new java.util.LinkedHashMap<>();
    private final ProcessRecords records;
    private boolean claimed;
    private String adminPassword;
    private EventSettings events;
    private EmbeddedObjectStore objectStore;
    private InJvmSmtp mail;
    private java.util.List<DemoData.Account> demoAccounts = java.util.List.of();

    /** Where the services find Kafka and the schema registry. */
    private record EventSettings(String bootstrapServers, String registryUrl) {
    }

    public LocalStack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.records = new ProcessRecords(settings.runDir());
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        if (command.equals("metrics")) { // ./cohort status, while a stack runs
            new StackMetrics().print(StackSettings.fromEnvironment(Path.of(".cohort")).runDir(), System.out);
            return;
        }
        if (command.equals("version")) { // ./cohort up: is the class data archive usable (ADR 84, 85)?
            String version = LocalStack.class.getPackage().getImplementationVersion();
            System.out.println("Cohort local stack " + (version == null ? "(version unknown)" : version));
            return;
        }
        if (!command.equals("up")) {
            System.err.println("usage: LocalStack up|version|metrics   (down and status are handled by ./cohort)");
            System.exit(2);
        }
        StackSettings settings = StackSettings.fromEnvironment(Path.of(".cohort"));
        LocalStack stack = new LocalStack(settings, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "cohort-shutdown"));
        try {
            stack.up();
        } catch (Exception failure) {
            System.err.println("Cohort did not start (" + failure.getMessage() + "); see " + settings.logFile()
                    + " for details.");
            System.exit(1);
        }
        stack.printWelcome();
        ClassDataArchive.requestedOfThisJvm().ifPresent(stack::makeClassDataArchive);
        stopped.await();
    }

    /** The first start after a build: the archive later starts load their classes from (ADR 85). */
    private void makeClassDataArchive(ClassDataArchive archive) {
        Path log = settings.logFile().resolveSibling("class-data-sharing.log");
        try {
            archive.makeInBackground(log);
            out.println("(First start after a build: the classes it loaded go into an archive for faster starts,"
                    + " made in the background at low priority for about a minute; see " + log + ".)");
        } catch (java.io.IOException | RuntimeException failure) {
            out.println("(No class data archive for faster starts this time: " + failure.getMessage() + ".)");
        }
    }

    /**
     * Starts everything; throws (after stopping what did start) when a part fails. First stops what a run that died
     * hard left behind in this home (see {@link ProcessRecords}); refuses to start when a stack runs there.
     */
    public void up() throws Exception {
        Files.createDirectories(settings.logFile().getParent());
        routeServiceLogsToFile();
        out.println("Starting Cohort (data in " + settings.home() + ")");
        records.claim().forEach(line -> out.println("  " + line));
        claimed = true;
        Progress progress = new Progress(out, 16);
        try {
            ServiceLogs.as("stack", () -> {
                startAll(progress);
                return null;
            });
        } catch (Exception failure) {
            close();
            throw failure;
        }
    }

    /** Each part runs as its own service in the logs (see {@link ServiceLogs}). */
    private void startAll(Progress progress) throws Exception {
        // S3Proxy and Kafka start while PostgreSQL and Redis do: theirs is class loading and wiring in this JVM,
        // PostgreSQL's mostly waiting for its processes (initdb on a first start); their steps then show only what
        // is left to wait. Neither needs the other parts.
        java.util.concurrent.FutureTask<EmbeddedObjectStore> objectStoreStart = inBackground("object-store",
                () -> EmbeddedObjectStore.start(settings, new LocalSecrets(settings.secretsDir())));
        // Kafka keeps its log in the home: topics, unconsumed events and the groups' offsets survive a restart.
        java.util.concurrent.FutureTask<PersistentKafka> kafkaStart = inBackground("kafka",
                () -> withStdoutInLog(() -> PersistentKafka.start(settings.dataDir("kafka"), settings.kafkaPort())));
        EmbeddedPostgres postgres;
        EmbeddedRedis redis;
        PersistentKafka kafka = null;
        try {
            postgres = progress.step("PostgreSQL", () -> register(EmbeddedPostgres.start(settings, records)));
            redis = progress.step("Redis", () -> register(EmbeddedRedis.start(settings, records)));
            objectStore = progress.step("object store (S3, " + (settings.objectStorePort() == 0 ? "free port"
                    : settings.objectStorePort()) + ")", () -> register(awaitStart(objectStoreStart)));
            kafka = progress.step("Kafka (" + settings.kafkaPort() + ")", () -> register(awaitStart(kafkaStart)));
        } catch (Exception failure) {
            if (objectStore == null) {
                closeOnceStarted(objectStoreStart);
            }
            if (kafka == null) {
                closeOnceStarted(kafkaStart);
            }
            throw failure;
        }
        progress.step("schema registry (" + settings.registryPort() + ")", () -> ServiceLogs.as("schema-registry",
                () -> register(SchemaRegistryApplication.start(postgres.database("cohort_schema_registry"),
                        postgres.user(), postgres.password(), settings.registryPort()))));
        events = new EventSettings(kafka.bootstrapServers(), "http://127.0.0.1:" + settings.registryPort());
        // Before identity: it e-mails verification links from its first registration on.
        mail = progress.step("mail (SMTP " + (settings.mailPort() == 0 ? "free port" : settings.mailPort()) + ")",
                () -> ServiceLogs.as("mail", () -> register(InJvmSmtp.start(new InJvmSmtp.Settings(settings.mailPort(),
                        java.util.Optional.of(settings.dataDir("mail")))))));
        progress.step("identity (gRPC " + settings.identityPort() + ")", () -> register(startIdentity(postgres, redis)));
        progress.step("profile (gRPC " + settings.profilePort() + ")", () -> register(startService("profile",
                ProfileApplication.application(), settings.profilePort(), postgres.database("cohort_profile"), postgres,
                redis, objectStore.serviceArguments().toArray(String[]::new))));
        progress.step("course (gRPC " + settings.coursePort() + ")", () -> register(startService("course",
                CourseApplication.application(), settings.coursePort(), postgres.database("cohort_course"), postgres, redis)));
        progress.step("group (gRPC " + settings.groupPort() + ")", () -> register(startService("group",
                GroupApplication.application(), settings.groupPort(), postgres.database("cohort_group"), postgres, redis,
                "--cohort.group.course-target=dns:///127.0.0.1:" + settings.coursePort())));
        progress.step("chat (gRPC " + settings.chatPort() + ")", () -> register(startService("chat",
                ChatApplication.application(), settings.chatPort(), postgres.database("cohort_chat"), postgres, redis)));
        progress.step("notification (gRPC " + settings.notificationPort() + ")", () -> register(startService(
                "notification", NotificationApplication.application(), settings.notificationPort(),
                postgres.database("cohort_notification"), postgres, redis,
                "--cohort.mail.host=" + mail.host(),
                "--cohort.mail.port=" + mail.port(),
                "--cohort.notification.unsubscribe-key="
                        + new LocalSecrets(settings.secretsDir()).key("notification-unsubscribe-key"),
                "--cohort.notification.public-base-url=http://localhost:" + settings.gatewayPort())));
        progress.step("search (gRPC " + settings.searchPort() + ")", () -> register(startService("search",
                SearchApplication.application(), settings.searchPort(), postgres.database("cohort_search"), postgres,
                redis)));
        // After chat and identity: moderation removes messages and suspends accounts there, as the moderator. Its
        // audit log's checkpoints go to a bucket of their own, away from the browser-facing media (ADR 0067).
        java.util.List<String> moderationArguments = new java.util.ArrayList<>(
                objectStore.serviceArguments("cohort-audit-checkpoints"));
        moderationArguments.add("--cohort.moderation.chat-target=dns:///127.0.0.1:" + settings.chatPort());
        moderationArguments.add("--cohort.moderation.identity-target=dns:///127.0.0.1:" + settings.identityPort());
        progress.step("moderation (gRPC " + settings.moderationPort() + ")", () -> register(startService("moderation",
                ModerationApplication.application(), settings.moderationPort(), postgres.database("cohort_moderation"),
                postgres, redis, moderationArguments.toArray(String[]::new))));
        // The services read cohort.telemetry.otlp.endpoint / OTEL_EXPORTER_OTLP_ENDPOINT themselves; the gateway is
        // not a Spring application, so its tracing is made here from the same settings (ADR 61).
        CohortTelemetry gatewayTelemetry = register(CohortTelemetry.create("gateway",
                TelemetrySettings.from(name -> System.getProperty(name, System.getenv(name)))));
        progress.step("gateway (" + settings.gatewayPort() + ")", () -> ServiceLogs.as("gateway", () -> register(LocalGateway.start(
                GatewaySettings.defaults()
                        .withPort(settings.gatewayPort())
                        .withUpstream(GatewaySettings.IDENTITY, "127.0.0.1:" + settings.identityPort())
                        .withUpstream(GatewaySettings.PROFILE, "127.0.0.1:" + settings.profilePort())
                        .withUpstream(GatewaySettings.COURSE, "127.0.0.1:" + settings.coursePort())
                        .withUpstream(GatewaySettings.GROUP, "127.0.0.1:" + settings.groupPort())
                        .withUpstream(GatewaySettings.CHAT, "127.0.0.1:" + settings.chatPort())
                        .withUpstream(GatewaySettings.NOTIFICATION, "127.0.0.1:" + settings.notificationPort())
                        .withUpstream(GatewaySettings.SEARCH, "127.0.0.1:" + settings.searchPort())
                        .withUpstream(GatewaySettings.MODERATION, "127.0.0.1:" + settings.moderationPort()),
                gatewayTelemetry))));
        StackMetrics.writePorts(settings.runDir(), metricsPorts);
        demoAccounts = progress.step("demo data", () -> new DemoData(settings, new LocalSecrets(settings.secretsDir()), mail)
                .seedOnce(adminPassword));
    }

    private ConfigurableApplicationContext startIdentity(EmbeddedPostgres postgres, EmbeddedRedis redis) throws Exception {
        LocalSecrets secrets = new LocalSecrets(settings.secretsDir());
        adminPassword = secrets.password("admin-password");
        return startService("identity", IdentityApplication.application(), settings.identityPort(), postgres.database("cohort_identity"),
                postgres, redis,
                "--cohort.identity.keys.encryption-key=" + secrets.key("identity-key-encryption-key"),
                "--cohort.identity.trusted-proxy-hops=1", // the gateway appends the client's address (ADR 20)
                "--cohort.identity.bootstrap-admin.email=" + ADMIN_EMAIL,
                "--cohort.mail.host=" + mail.host(),
                "--cohort.mail.port=" + mail.port(),
                "--cohort.identity.account-mail.web-app-url=http://localhost:" + settings.gatewayPort(),
                "--cohort.identity.bootstrap-admin.password=" + adminPassword);
    }

    /**
     * A service as its own Spring application in this JVM, with the settings every service shares: its gRPC port
     * and database, the one Redis (one key prefix for all: the token deny-list must be visible to every service),
     * Kafka, the schema registry, identity's keys and the page-token key. Its log lines name it (see
     * {@link ServiceLogs}).
     */
    private ConfigurableApplicationContext startService(String name, SpringApplicationBuilder application, int port,
                                                        String jdbcUrl, EmbeddedPostgres postgres, EmbeddedRedis redis,
                                                        String... own) throws Exception {
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--spring.grpc.server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password(),
                "--cohort.redis.url=" + redis.url(),
                "--cohort.redis.key-prefix=cohort:",
                "--cohort.events.bootstrap-servers=" + events.bootstrapServers(),
                "--cohort.events.schema-registry-url=" + events.registryUrl(),
                "--cohort.auth.jwks-target=dns:///127.0.0.1:" + settings.identityPort(),
                // Each service's Prometheus endpoint on a port of its own (one JVM), read by ./cohort status.
                "--cohort.metrics.port=" + metricsPorts.computeIfAbsent(name, service -> StackSettings.freePort()),
                // One key for every service's page tokens, generated on first start and kept with the other secrets.
                "--cohort.paging.token-key=" + new LocalSecrets(settings.secretsDir()).key("paging-token-key")));
        arguments.addAll(java.util.List.of(own));
        // Stopped by the stack, in reverse order of start, not by a JVM shutdown hook of its own that would run
        // beside the stack's and race it (a service's relays still polling while PostgreSQL stops).
        application.registerShutdownHook(false);
        application.initializers(context -> context.getBeanFactory()
                .registerSingleton("cohortServiceLogsInterceptor", new ServiceLogs.CallInterceptor(name)));
        return ServiceLogs.as(name, () -> application.run(arguments.toArray(String[]::new)));
    }

    void printWelcome() {
        out.println();
        out.println("Cohort is up.");
        out.println("  web app   http://localhost:" + settings.gatewayPort() + "/   (sign in with a student below)");
        out.println("  gateway   http://127.0.0.1:" + settings.gatewayPort()
                + "   (REST, gRPC-Web, gRPC; e.g. curl http://127.0.0.1:" + settings.gatewayPort() + "/.well-known/jwks.json)");
        out.println("  identity  gRPC   127.0.0.1:" + settings.identityPort()
                + "   (grpcurl -plaintext 127.0.0.1:" + settings.identityPort() + " list)");
        out.println("  profile   gRPC   127.0.0.1:" + settings.profilePort());
        out.println("  course    gRPC   127.0.0.1:" + settings.coursePort());
        out.println("  group     gRPC   127.0.0.1:" + settings.groupPort());
        out.println("  chat      gRPC   127.0.0.1:" + settings.chatPort());
        out.println("  notification gRPC 127.0.0.1:" + settings.notificationPort());
        out.println("  search    gRPC   127.0.0.1:" + settings.searchPort());
        out.println("  moderation gRPC  127.0.0.1:" + settings.moderationPort());
        out.println("  mail      SMTP   127.0.0.1:" + mail.port() + "   received mail: ./cohort mail (files in "
                + settings.dataDir("mail") + ")");
        out.println("  Kafka     " + events.bootstrapServers() + "   schema registry " + events.registryUrl());
        out.println("  S3        " + objectStore.endpoint() + "   bucket " + EmbeddedObjectStore.BUCKET
                + ", path-style, access key " + objectStore.accessKey() + " / " + objectStore.secretKey());
        out.println("  admin     " + ADMIN_EMAIL + " / " + adminPassword);
        for (DemoData.Account account : demoAccounts) {
            out.println("  student   " + account.email() + " / " + account.password());
        }
        out.println("  logs      " + settings.logFile());
        out.println("Press Ctrl-C (or run ./cohort down) to stop.");
    }

    /** The bootstrap admin's password (generated once per data folder), for tests that act as the admin. */
    public String adminPassword() {
        return adminPassword;
    }

    /** The {@code cohort.object-store.*} arguments for a service of this stack that keeps objects. */
    java.util.List<String> objectStoreArguments() {
        return objectStore.serviceArguments();
    }

    java.util.List<DemoData.Account> demoAccounts() {
        return demoAccounts;
    }

    /** Starts {@code part} on a thread of its own, as {@code service} in the logs; {@link #awaitStart} takes it. */
    private static <T> java.util.concurrent.FutureTask<T> inBackground(String service, Progress.ThrowingSupplier<T> part) {
        java.util.concurrent.FutureTask<T> start = new java.util.concurrent.FutureTask<>(
                () -> ServiceLogs.as(service, part));
        new Thread(start, service + "-start").start();
        return start;
    }

    private static <T> T awaitStart(java.util.concurrent.Future<T> start) throws Exception {
        try {
            return start.get();
        } catch (java.util.concurrent.ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        }
    }

    /** A part started in the background that the stack will not use after all: stopped once it is up. */
    private static void closeOnceStarted(java.util.concurrent.Future<? extends AutoCloseable> start) {
        try {
            start.get().close();
        } catch (Exception notStartedOrNotStopped) {
            // nothing to stop, or nothing more to do: the stack is failing already
        }
    }

    /**
     * Until a service's start configures logging, log lines go to the console: those of Kafka's start (its own
     * warnings, the format of a new data directory) go to the log file instead.
     */
    private <T> T withStdoutInLog(Progress.ThrowingSupplier<T> work) throws Exception {
        PrintStream original = System.out;
        try (PrintStream log = new PrintStream(new java.io.FileOutputStream(settings.logFile().toFile(), true), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(log);
            return work.get();
        } finally {
            System.setOut(original);
        }
    }

    private <T extends AutoCloseable> T register(T component) {
        started.push(component);
        return component;
    }

    private void routeServiceLogsToFile() {
        // Embedded servers log through SLF4J before Spring configures logging: keep their chatter off the terminal.
        for (String noisy : new String[] {"io.zonky", "redis.embedded", "org.gaul", "org.jclouds"}) {
            if (org.slf4j.LoggerFactory.getLogger(noisy) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
        System.setProperty("logging.file.name", settings.logFile().toString());
        System.setProperty("logging.structured.format.file", "ecs");
        System.setProperty("logging.structured.json.customizer", ServiceLogs.ServiceNameMember.class.getName());
        System.setProperty("logging.threshold.console", "ERROR");
        System.setProperty("spring.main.banner-mode", "off");
        // Spring's own shutdown hook would stop logging as soon as it has closed the schema registry (the only part
        // started with that hook), while the stack is still stopping the services and Kafka: the log would say
        // nothing of how they stopped. The log file is written line by line, so nothing is lost at exit without it.
        System.setProperty("logging.register-shutdown-hook", "false");
    }

    @Override
    public synchronized void close() {
        if (started.isEmpty()) {
            forgetStack();
            return;
        }
        out.println("Stopping Cohort...");
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception failure) {
                out.println("  could not stop cleanly: " + failure.getMessage());
            }
        }
        forgetStack();
        out.println("Cohort stopped.");
    }

    private void forgetStack() {
        try {
            java.nio.file.Files.deleteIfExists(settings.runDir().resolve(StackMetrics.PORTS_FILE));
        } catch (java.io.IOException ignored) {
            // a stale file only makes ./cohort status report no answer on those ports
        }
        if (claimed) {
            records.forget(ProcessRecords.STACK);
            claimed = false;
        }
    }
}
