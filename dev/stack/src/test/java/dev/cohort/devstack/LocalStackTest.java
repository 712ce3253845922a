package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack as `./cohort up` runs it, on embedded PostgreSQL and Redis in a temporary home and free ports:
 * it starts with progress, serves identity, and keeps its data (Kafka's log too) across a restart.
 */
class LocalStackTest {

    @TempDir
    Path home;

    @Test
    void startsShowsProgressAndKeepsDataAcrossRestarts() throws Exception {
        StackSettings settings = new StackSettings(home, freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort(), freePort(), freePort(), freePort(),
                Optional.empty(), "postgres", "", Optional.empty(), freePort(), freePort(), freePort(), freePort(),
                freePort());
        String email = "persisted-" + System.nanoTime() + "@example.org";
        String firstAdminPassword;

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (LocalStack stack = new LocalStack(settings, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            stack.up();
            firstAdminPassword = stack.adminPassword();
            storeAnObject(stack.objectStoreArguments(), "kept/across-restarts.txt");
            try (Client client = new Client(settings.identityPort())) {
                assertThat(client.health()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                client.identity().register(RegisterRequest.newBuilder().setEmail(email)
                        .setPassword("kept across restarts!").setDisplayName("Persisted").build());
                assertThat(client.identity().login(LoginRequest.newBuilder()
                        .setEmail(LocalStack.ADMIN_EMAIL).setPassword(firstAdminPassword).build()).hasTokens()).isTrue();
            }
            for (var service : java.util.Map.of(settings.identityPort(), "cohort.identity.v1.IdentityService",
                    settings.profilePort(), "cohort.profile.v1.ProfileService",
                    settings.coursePort(), "cohort.course.v1.CourseService",
                    settings.groupPort(), "cohort.group.v1.GroupService",
                    settings.chatPort(), "cohort.chat.v1.ChatService",
                    settings.notificationPort(), "cohort.notification.v1.NotificationService",
                    settings.searchPort(), "cohort.search.v1.SearchService",
                    settings.moderationPort(), "cohort.moderation.v1.ModerationService").entrySet()) {
                try (Client other = new Client(service.getKey())) {
                    assertThat(other.health()).as("health of %s", service.getValue())
                            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                    assertThat(other.reflectedServices()).as("reflection on port %d", service.getKey())
                            .contains(service.getValue(), "grpc.health.v1.Health");
                }
            }
            // ./cohort status: every service's figures from its Prometheus endpoint (identity has served calls).
            ByteArrayOutputStream figures = new ByteArrayOutputStream();
            new StackMetrics().print(settings.runDir(), new PrintStream(figures, true, StandardCharsets.UTF_8));
            assertThat(figures.toString(StandardCharsets.UTF_8)).contains("calls/s", "errors/s", "open streams",
                    "consumer lag").doesNotContain("no answer")
                    .containsPattern("identity\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\s+\\d+")
                    .contains("profile", "course", "group", "chat", "notification", "search");
            // REST through the local gateway, transcoded from google.api.http: the public JWK Set.
            var restAnswer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + settings.gatewayPort() + "/.well-known/jwks.json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(restAnswer.statusCode()).isEqualTo(200);
            assertThat(restAnswer.body()).contains("\"keys\"").contains("ES256");
            // The registration went through the outbox to Kafka: the relay registered its schema.
            var http = java.net.http.HttpClient.newHttpClient();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + settings.registryPort()
                            + "/subjects")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()
                    .contains("cohort.identity.users-dev.cohort.events.identity.UserRegistered"));
        }
        String firstRun = output.toString(StandardCharsets.UTF_8);
        assertThat(firstRun).contains("[1/16] PostgreSQL").contains("[2/16] Redis")
                .contains("[3/16] object store (S3, " + settings.objectStorePort() + ")").contains("[4/16] Kafka")
                .contains("[5/16] schema registry").contains("[6/16] mail (SMTP " + settings.mailPort() + ")")
                .contains("[7/16] identity").contains("[8/16] profile")
                .contains("[9/16] course").contains("[10/16] group").contains("[11/16] chat")
                .contains("[12/16] notification").contains("[13/16] search").contains("[14/16] moderation")
                .contains("[15/16] gateway").contains("[16/16] demo data")
                .contains("ready in").contains("Cohort stopped.");
        assertThat(Files.isDirectory(settings.dataDir("postgres"))).isTrue();
        eachServiceNamesItselfInTheLog(settings.logFile(), "identity", "profile", "course", "group", "chat",
                "notification", "search", "moderation");

        long restartedAt = System.currentTimeMillis();
        try (LocalStack again = new LocalStack(settings, new PrintStream(new ByteArrayOutputStream(), true));
             Client client = new Client(settings.identityPort())) {
            again.up();
            // Kafka kept its log in the home: the first run's events are still on their topic.
            assertThat(dev.cohort.kafka.broker.TopicReader.readUntil("127.0.0.1:" + settings.kafkaPort(),
                    dev.cohort.events.Topics.IDENTITY_USERS,
                    records -> records.stream().anyMatch(record -> record.timestamp() < restartedAt),
                    java.time.Duration.ofSeconds(30))).isNotEmpty();
            assertThat(settings.dataDir("kafka").resolve("meta.properties")).isRegularFile();
            assertThat(again.adminPassword()).isEqualTo(firstAdminPassword);
            assertThat(storedObject(again.objectStoreArguments(), "kept/across-restarts.txt")).isEqualTo("kept");
            assertThat(client.identity().login(LoginRequest.newBuilder().setEmail(email)
                    .setPassword("kept across restarts!").build()).getUser().getDisplayName()).isEqualTo("Persisted");
            droppingTheCourseRemovesTheStudentFromItsGroups(settings, again.demoAccounts().get(0), client);
            theStudentHasAProfileFromTheirRegistration(settings, again.demoAccounts().get(0), client);
            theDemoStudentsLiveInACommunity(settings, again.demoAccounts().get(0), client);
        }
    }

    /**
     * Across services, as a student lives it: enroll in a section of the demo catalog (course), form a study group
     * there (group checks the enrollment with course), drop the course — course's EnrollmentChanged reaches group
     * through the outbox and Kafka, and the group, whose only member left, is disbanded. Chat follows group the
     * same way: the group's conversation appears with the group and is archived when it is disbanded.
     */
    private static void droppingTheCourseRemovesTheStudentFromItsGroups(StackSettings settings, DemoData.Account student,
                                                                        Client identity) {
        String token = identity.identity().login(LoginRequest.newBuilder().setEmail(student.email())
                .setPassword(student.password()).build()).getTokens().getAccessToken();
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var asStudent = io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers);
        ManagedChannel courseChannel = ManagedChannelBuilder.forAddress("127.0.0.1", settings.coursePort()).usePlaintext().build();
        ManagedChannel groupChannel = ManagedChannelBuilder.forAddress("127.0.0.1", settings.groupPort()).usePlaintext().build();
        ManagedChannel chatChannel = ManagedChannelBuilder.forAddress("127.0.0.1", settings.chatPort()).usePlaintext().build();
        try {
            var chat = dev.cohort.chat.v1.ChatServiceGrpc.newBlockingStub(chatChannel).withInterceptors(asStudent);
            var course = dev.cohort.course.v1.CourseServiceGrpc.newBlockingStub(courseChannel).withInterceptors(asStudent)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            var groups = dev.cohort.group.v1.GroupServiceGrpc.newBlockingStub(groupChannel).withInterceptors(asStudent);
            String openTerm = course.listTerms(dev.cohort.course.v1.ListTermsRequest.getDefaultInstance()).getTermsList()
                    .stream().filter(t -> t.getState() == dev.cohort.course.v1.TermState.TERM_STATE_OPEN)
                    .findFirst().orElseThrow().getTermId();
            // A section the demo data did not enrol the student in (demo students take a few classes of this term).
            java.util.Set<String> demoSections = course.listMyEnrollments(dev.cohort.course.v1.ListMyEnrollmentsRequest
                    .getDefaultInstance()).getEnrollmentsList().stream().map(e -> e.getSection().getSectionId())
                    .collect(java.util.stream.Collectors.toSet());
            String sectionId = course.searchCourses(dev.cohort.course.v1.SearchCoursesRequest.newBuilder()
                    .setQ("algorithms").setTermId(openTerm).setHasOpenSeats(true).build()).getCoursesList().stream()
                    .flatMap(found -> course.listSections(dev.cohort.course.v1.ListSectionsRequest.newBuilder()
                            .setCourseId(found.getCourseId()).setTermId(openTerm).build()).getSectionsList().stream())
                    .map(dev.cohort.course.v1.Section::getSectionId).filter(id -> !demoSections.contains(id))
                    .findFirst().orElseThrow();

            course.enroll(dev.cohort.course.v1.EnrollRequest.newBuilder().setSectionId(sectionId).build());
            String groupId = groups.withDeadlineAfter(30, TimeUnit.SECONDS).createGroup(
                    dev.cohort.group.v1.CreateGroupRequest.newBuilder().setSectionId(sectionId).setName("End to end")
                            .setVisibility(dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_OPEN).build())
                    .getGroup().getGroupId();
            var conversations = dev.cohort.chat.v1.ListConversationsRequest.newBuilder().setIncludeArchived(true).build();
            dev.cohort.chat.v1.Conversation groupChat = org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60)).until(() -> chat.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listConversations(conversations).getConversationsList().stream()
                            .filter(c -> c.getGroupId().equals(groupId)).findFirst().orElse(null), c -> c != null);
            assertThat(chat.withDeadlineAfter(10, TimeUnit.SECONDS).sendMessage(dev.cohort.chat.v1.SendMessageRequest
                    .newBuilder().setConversationId(groupChat.getConversationId()).setText("hello group")
                    .setClientMessageId("e2e-1").build()).getMessage().getSequence()).isEqualTo(1);
            course.drop(dev.cohort.course.v1.DropRequest.newBuilder().setSectionId(sectionId).build());

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> groups
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getGroup(dev.cohort.group.v1.GetGroupRequest.newBuilder().setGroupId(groupId).build())
                    .getGroup().getState() == dev.cohort.group.v1.GroupState.GROUP_STATE_DISBANDED);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> chat
                    .withDeadlineAfter(10, TimeUnit.SECONDS).getConversation(dev.cohort.chat.v1.GetConversationRequest
                            .newBuilder().setConversationId(groupChat.getConversationId()).build())
                    .getConversation().getArchived());
        } finally {
            courseChannel.shutdownNow();
            groupChannel.shutdownNow();
            chatChannel.shutdownNow();
        }
    }

    /**
     * What a newcomer signing in as the first demo student finds (made on the first start through the services'
     * own RPCs): a filled-in profile with an avatar, classes of the open term, study groups, and conversations with
     * history (threads, reactions, mentions) and read markers.
     */
    private static void theDemoStudentsLiveInACommunity(StackSettings settings, DemoData.Account student,
                                                        Client identity) {
        var login = identity.identity().login(LoginRequest.newBuilder().setEmail(student.email())
                .setPassword(student.password()).build());
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + login.getTokens().getAccessToken());
        var asStudent = io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers);
        java.util.List<ManagedChannel> channels = new java.util.ArrayList<>();
        java.util.function.IntFunction<ManagedChannel> open = port -> {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            channels.add(channel);
            return channel;
        };
        try {
            var profile = dev.cohort.profile.v1.ProfileServiceGrpc.newBlockingStub(open.apply(settings.profilePort()))
                    .withInterceptors(asStudent).getMyProfile(dev.cohort.profile.v1.GetMyProfileRequest
                            .getDefaultInstance()).getProfile();
            assertThat(profile.getDisplayName()).isEqualTo("Ada Lovelace");
            assertThat(profile.getPronouns()).isEqualTo("she/her");
            assertThat(profile.getProgram()).isEqualTo("Computer Science");
            assertThat(profile.getBio()).isNotBlank();
            assertThat(profile.getAvatar().getUrl64()).isNotBlank();

            var course = dev.cohort.course.v1.CourseServiceGrpc.newBlockingStub(open.apply(settings.coursePort()))
                    .withInterceptors(asStudent);
            assertThat(course.listMyEnrollments(dev.cohort.course.v1.ListMyEnrollmentsRequest.getDefaultInstance())
                    .getEnrollmentsList()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(e -> assertThat(e.getSection().getTermState())
                            .isEqualTo(dev.cohort.course.v1.TermState.TERM_STATE_OPEN));

            var groups = dev.cohort.group.v1.GroupServiceGrpc.newBlockingStub(open.apply(settings.groupPort()))
                    .withInterceptors(asStudent);
            var myGroups = groups.listMyGroups(dev.cohort.group.v1.ListMyGroupsRequest.getDefaultInstance())
                    .getGroupsList();
            var owned = myGroups.stream().filter(g -> g.getOwnerUserId().equals(profile.getUserId())).findFirst()
                    .orElseThrow();
            assertThat(groups.listPendingRequests(dev.cohort.group.v1.ListPendingRequestsRequest.newBuilder()
                    .setGroupId(owned.getGroupId()).build()).getRequestsList()).isNotEmpty();

            var chat = dev.cohort.chat.v1.ChatServiceGrpc.newBlockingStub(open.apply(settings.chatPort()))
                    .withInterceptors(asStudent);
            var conversations = chat.listConversations(dev.cohort.chat.v1.ListConversationsRequest.newBuilder()
                    .setPageSize(100).build()).getConversationsList();
            assertThat(conversations).extracting(dev.cohort.chat.v1.Conversation::getKind)
                    .contains(dev.cohort.chat.v1.ConversationKind.CONVERSATION_KIND_CHANNEL,
                            dev.cohort.chat.v1.ConversationKind.CONVERSATION_KIND_DIRECT,
                            dev.cohort.chat.v1.ConversationKind.CONVERSATION_KIND_GROUP);
            assertThat(conversations).anySatisfy(c -> assertThat(c.getSectionId()).isNotEmpty());
            assertThat(conversations).allSatisfy(c -> assertThat(c.getLastSequence()).isPositive());
            assertThat(conversations).allSatisfy(c -> assertThat(c.getLastReadSequence()).isPositive());
            var general = conversations.stream().filter(c -> c.getName().equals("general")).findFirst().orElseThrow();
            var messages = chat.listMessages(dev.cohort.chat.v1.ListMessagesRequest.newBuilder()
                    .setConversationId(general.getConversationId()).setPageSize(200).build()).getMessagesList();
            assertThat(messages).anySatisfy(m -> assertThat(m.getReplyCount()).isPositive());
            assertThat(messages).anySatisfy(m -> assertThat(m.getReactionsList()).isNotEmpty());
            assertThat(messages).anySatisfy(m -> assertThat(m.getMentionsList()).isNotEmpty());
            // Imported with their times (ADR 59): the history reaches back weeks, oldest first by sequence.
            assertThat(messages).allSatisfy(m -> assertThat(m.getImported()).isTrue());
            var oldest = messages.get(messages.size() - 1).getCreateTime().getSeconds();
            var newest = messages.get(0).getCreateTime().getSeconds();
            assertThat(java.time.Duration.ofSeconds(newest - oldest)).isGreaterThan(java.time.Duration.ofDays(10));
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    /** Identity's UserRegistered reached profile through the outbox and Kafka: the student has a profile. */
    private static void theStudentHasAProfileFromTheirRegistration(StackSettings settings, DemoData.Account student,
                                                                   Client identity) {
        var login = identity.identity().login(LoginRequest.newBuilder().setEmail(student.email())
                .setPassword(student.password()).build());
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + login.getTokens().getAccessToken());
        ManagedChannel profileChannel = ManagedChannelBuilder.forAddress("127.0.0.1", settings.profilePort())
                .usePlaintext().build();
        try {
            var profiles = dev.cohort.profile.v1.ProfileServiceGrpc.newBlockingStub(profileChannel)
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
            dev.cohort.profile.v1.Profile profile = org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> profiles.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .getMyProfile(dev.cohort.profile.v1.GetMyProfileRequest.getDefaultInstance())
                            .getProfile(), p -> true);
            assertThat(login.getUser().getEmailVerified())
                    .as("demo students opened the verification link identity e-mailed them").isTrue();
            assertThat(profile.getUserId()).isEqualTo(login.getUser().getUserId());
            assertThat(profile.getDisplayName()).isEqualTo(login.getUser().getDisplayName());
            assertThat(profile.getEmail()).isEqualTo(student.email());
        } finally {
            profileChannel.shutdownNow();
        }
    }

    /**
     * Every service runs in this one JVM, but each JSON line of the log names the service that wrote it: the lines
     * of each service's own loggers (its startup, its outbox relay...) carry its {@code service.name}.
     */
    private static void eachServiceNamesItselfInTheLog(Path logFile, String... services) throws IOException {
        java.util.Map<String, java.util.Set<String>> namesByService = new java.util.HashMap<>();
        for (String line : Files.readAllLines(logFile)) {
            if (!line.startsWith("{")) {
                continue; // the embedded servers' own output and what was logged before Spring's logging are not JSON
            }
            java.util.Map<String, Object> fields = flattened("", org.springframework.boot.json.JsonParserFactory
                    .getJsonParser().parseMap(line));
            String logger = String.valueOf(fields.get("log.logger"));
            for (String service : services) {
                if (logger.startsWith("dev.cohort." + service + ".")) {
                    namesByService.computeIfAbsent(service, s -> new java.util.TreeSet<>())
                            .add(String.valueOf(fields.get("service.name")));
                }
            }
        }
        for (String service : services) {
            assertThat(namesByService.get(service)).as("service.name of the lines of %s's loggers", service)
                    .containsExactly(service);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> flattened(String prefix, java.util.Map<String, Object> json) {
        java.util.Map<String, Object> flat = new java.util.HashMap<>();
        json.forEach((key, value) -> {
            if (value instanceof java.util.Map<?, ?> nested) {
                flat.putAll(flattened(prefix + key + ".", (java.util.Map<String, Object>) nested));
            } else {
                flat.put(prefix + key, value);
            }
        });
        return flat;
    }

    /** Through libs/object-store, configured with the arguments the stack gives a service. */
    private static void storeAnObject(java.util.List<String> arguments, String key) {
        objectStore(arguments).run(context -> context.getBean(dev.cohort.objectstore.ObjectStore.class)
                .put(key, "kept".getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    private static String storedObject(java.util.List<String> arguments, String key) {
        java.util.concurrent.atomic.AtomicReference<String> text = new java.util.concurrent.atomic.AtomicReference<>();
        objectStore(arguments).run(context -> text.set(new String(context.getBean(
                dev.cohort.objectstore.ObjectStore.class).get(key, 1024).orElseThrow(), StandardCharsets.UTF_8)));
        return text.get();
    }

    private static org.springframework.boot.test.context.runner.ApplicationContextRunner objectStore(
            java.util.List<String> arguments) {
        return new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        dev.cohort.objectstore.CohortObjectStoreAutoConfiguration.class))
                .withPropertyValues(arguments.stream().map(argument -> argument.substring(2)).toArray(String[]::new));
    }

    private static int freePort() {
        return StackSettings.freePort();
    }

    private record Client(ManagedChannel channel) implements AutoCloseable {
        Client(int port) {
            this(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        }

        IdentityServiceGrpc.IdentityServiceBlockingStub identity() {
            return IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
        }

        HealthCheckResponse.ServingStatus health() {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        }

        /** The services the server lists through gRPC reflection. */
        java.util.List<String> reflectedServices() throws Exception {
            var names = new java.util.concurrent.CompletableFuture<java.util.List<String>>();
            var requests = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverReflectionInfo(new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(io.grpc.reflection.v1.ServerReflectionResponse response) {
                            names.complete(response.getListServicesResponse().getServiceList().stream()
                                    .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
                        }

                        @Override
                        public void onError(Throwable error) {
                            names.completeExceptionally(error);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
            requests.onCompleted();
            return names.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }
}
