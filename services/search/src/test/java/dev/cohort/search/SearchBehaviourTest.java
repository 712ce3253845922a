package dev.cohort.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.search.app.IndexLag;
import dev.cohort.search.app.Searching;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.v1.ReindexRequest;
import dev.cohort.search.v1.ResultKind;
import dev.cohort.search.v1.SearchRequest;
import dev.cohort.search.v1.SearchResponse;
import dev.cohort.search.v1.SearchResult;
import dev.cohort.search.v1.TextRange;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Search as a client sees it, fed only by real events through Kafka and the schema registry: relevance on a small
 * seeded corpus (phrases, stems, misspellings, recency), exact visibility of messages and people from every angle
 * (results, snippets, paging), edits, deletions and departures reflected, page tokens bound to their search, and
 * bad requests refused with specific errors. Each test uses words no other test uses, so they share one index.
 */
@SpringBootTest(classes = SearchApplication.class, properties = "spring.config.name=" + SearchApplication.CONFIG_NAME)
@Import(SearchTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchBehaviourTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SearchTestSupport.register(registry, SearchBehaviourTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    IndexLag lag;
    @Autowired
    Searching searching;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    SearchClient client;

    // The seeded corpus: a class channel of two students, and a catalog.
    final UUID reader = UUID.randomUUID();
    final UUID classmate = UUID.randomUUID();
    UUID channel;
    MessagePosted phrase;
    MessagePosted scattered;
    MessagePosted oldReview;
    MessagePosted newReview;
    UUID graphCourse;
    UUID databaseCourse;
    UUID networksCourse;
    MessagePosted french;
    MessagePosted english;
    MessagePosted shortOne;

    @BeforeAll
    void seed() {
        client = new SearchClient(port.get());
        Instant now = Instant.now();
        channel = Events.conversation(reader, classmate);
        phrase = Events.posted(channel, 1, classmate, "Reminder: the quiz covers dynamic programming, bring notes",
                now.minus(2, ChronoUnit.DAYS));
        scattered = Events.posted(channel, 2, reader,
                "Programming the lab robots felt dynamic, and programming them is fun when the robot stays dynamic",
                now.minus(2, ChronoUnit.DAYS));
        oldReview = Events.posted(channel, 3, classmate, "Midterm review session in the library",
                now.minus(400, ChronoUnit.DAYS));
        newReview = Events.posted(channel, 4, classmate, "Midterm review session in the library",
                now.minus(1, ChronoUnit.HOURS));
        graphCourse = Events.course("CPSC 320", "Graph Algorithms",
                "Shortest paths, spanning trees and flows in graphs; algorithm design and analysis.");
        databaseCourse = Events.course("CPSC 304", "Relational Databases",
                "Queries, transactions and indexes. Includes one lecture on graph databases.");
        networksCourse = Events.course("ELEC 331", "Computer Networks",
                "Protocols, routing and congestion control in packet networks.");
        french = Events.posted(channel, 5, classmate, "Les étudiants révisent leurs examens de chimie ce soir",
                now.minus(3, ChronoUnit.DAYS));
        english = Events.posted(channel, 6, reader, "Everyone was studying organic flashcards all evening",
                now.minus(3, ChronoUnit.DAYS));
        shortOne = Events.posted(channel, 7, reader, "ok merci", now.minus(3, ChronoUnit.DAYS));
        Awaitility.await().atMost(PATIENCE).until(() -> client.ids(reader, "library", ResultKind.RESULT_KIND_MESSAGE),
                ids -> ids.size() == 2);
        Awaitility.await().atMost(PATIENCE).until(() -> client.ids(reader, "packet routing"),
                ids -> ids.contains(networksCourse.toString()));
        Awaitility.await().atMost(PATIENCE).until(() -> client.ids(reader, "merci"), ids -> ids.size() == 1);
    }

    @Test
    void everySearchTimesItsIndexReadAlone() {
        long before = searching.indexReadTimer().count();
        double beforeNanos = searching.indexReadTimer().totalTime(TimeUnit.NANOSECONDS);

        client.ids(reader, "examen chimie", ResultKind.RESULT_KIND_MESSAGE);

        assertThat(searching.indexReadTimer().count()).as("one index read per search").isEqualTo(before + 1);
        assertThat(searching.indexReadTimer().totalTime(TimeUnit.NANOSECONDS))
                .isGreaterThan(beforeNanos);
    }

    @Test
    void eachMessageIsStemmedInItsOwnLanguage() {
        assertThat(jdbc.queryForList("select language::text from documents where id = ?", String.class,
                UUID.fromString(french.getMessageId()))).as("detected per message").containsExactly("french");
        assertThat(jdbc.queryForList("select language::text from documents where id = ?", String.class,
                UUID.fromString(english.getMessageId()))).containsExactly("english");
        assertThat(jdbc.queryForList("select language::text from documents where id = ?", String.class,
                UUID.fromString(shortOne.getMessageId()))).as("too short to tell: words as they are")
                .containsExactly("simple");
        assertThat(client.ids(reader, "étudier", ResultKind.RESULT_KIND_MESSAGE))
                .as("French stemming: étudier finds étudiants (English would index étudiant)")
                .containsExactly(french.getMessageId());
        assertThat(client.ids(reader, "examen chimie", ResultKind.RESULT_KIND_MESSAGE))
                .containsExactly(french.getMessageId());
        assertThat(client.ids(reader, "studies flashcard", ResultKind.RESULT_KIND_MESSAGE))
                .as("English stemming in the same conversation").containsExactly(english.getMessageId());
        assertThat(client.ids(reader, "evening", ResultKind.RESULT_KIND_MESSAGE))
                .containsExactly(english.getMessageId());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void rankingFavoursExactPhrasesTitlesRecencyAndForgivesMisspellings() {
        assertThat(client.ids(reader, "dynamic programming", ResultKind.RESULT_KIND_MESSAGE))
                .as("the exact phrase above the same words scattered (even scattered twice)")
                .containsExactly(phrase.getMessageId(), scattered.getMessageId());
        assertThat(client.ids(reader, "graph", ResultKind.RESULT_KIND_COURSE))
                .as("a title word above a word of the description")
                .containsExactly(graphCourse.toString(), databaseCourse.toString());
        assertThat(client.ids(reader, "graphs algorithms", ResultKind.RESULT_KIND_COURSE))
                .as("stems: plural query words find singular text").startsWith(graphCourse.toString());
        assertThat(client.ids(reader, "midterm review", ResultKind.RESULT_KIND_MESSAGE))
                .as("among equal messages the recent one first")
                .containsExactly(newReview.getMessageId(), oldReview.getMessageId());
        assertThat(client.ids(reader, "algoritms")).as("a misspelling still finds the course")
                .first().isEqualTo(graphCourse.toString());
        assertThat(client.ids(reader, "netwrks")).as("a dropped letter too").contains(networksCourse.toString());
        assertThat(client.ids(reader, "\"graph databases\"", ResultKind.RESULT_KIND_COURSE))
                .as("a quoted phrase must appear as such").containsExactly(databaseCourse.toString());
    }

    @Test
    void resultsCarryKindTitleLocationAndMarkedSnippets() {
        SearchResult course = client.find(reader, "spanning trees", ResultKind.RESULT_KIND_COURSE).get(0);
        assertThat(course.getKind()).isEqualTo(ResultKind.RESULT_KIND_COURSE);
        assertThat(course.getTitle()).isEqualTo("CPSC 320 Graph Algorithms");
        assertThat(course.hasMessage()).isFalse();
        assertThat(marked(course)).containsExactly("spanning", "trees");

        SearchResult message = client.find(reader, "quiz", ResultKind.RESULT_KIND_MESSAGE).get(0);
        assertThat(message.getId()).isEqualTo(phrase.getMessageId());
        assertThat(message.getMessage().getConversationId()).isEqualTo(channel.toString());
        assertThat(message.getMessage().getSequence()).isEqualTo(1);
        assertThat(message.getMessage().getAuthorUserId()).isEqualTo(classmate.toString());
        assertThat(message.getSnippet().getText()).contains("quiz covers dynamic programming");
        assertThat(marked(message)).containsExactly("quiz");
    }

    @Test
    void aNonMemberNeverFindsAPrivateMessageNorAnyTraceOfIt() {
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        UUID secret = Events.conversation(bob, carol);
        Events.posted(secret, 1, bob, "The zanzibar quokka heist is planned for Friday", Instant.now());
        Events.posted(channel, 5, classmate, "Anyone seen a quokka near campus?", Instant.now());
        MessagePosted visible = awaitOnly(reader, "quokka");
        assertThat(client.ids(bob, "zanzibar quokka")).as("the members find it").hasSize(1);

        assertThat(visible.getText()).doesNotContain("zanzibar");
        for (String query : List.of("zanzibar", "zanzibar quokka heist", "zanzibr", "\"quokka heist\"", "heist")) {
            SearchResponse response = client.search(reader, SearchRequest.newBuilder().setQuery(query).build());
            assertThat(response.getResultsList()).as(query)
                    .allSatisfy(result -> assertThat(result.getSnippet().getText()).doesNotContain("heist"))
                    .noneMatch(result -> result.getMessage().getConversationId().equals(secret.toString()));
            assertThat(response.getNextPageToken()).as("no further page hides it either").isEmpty();
        }
        assertThat(client.search(reader, SearchRequest.newBuilder().setQuery("quokka")
                .setConversationId(secret.toString()).build()).getResultsList())
                .as("naming the conversation does not open it").isEmpty();
        assertThat(client.search(reader, SearchRequest.newBuilder().setQuery("quokka").setPageSize(1).build()))
                .as("a page of one holds the visible message and no next page counts the hidden one")
                .satisfies(page -> assertThat(page.getResultsList()).hasSize(1))
                .satisfies(page -> assertThat(page.getNextPageToken()).isEmpty());
    }

    @Test
    void editsAndDeletionsAreReflectedAndEachEventAppliesOnce() {
        long recorded = lag.timer(Kind.MESSAGE).count();
        MessagePosted message = Events.posted(channel, 6, reader, "Bring the quinoa salad to the potluck",
                Instant.now());
        awaitIds(reader, "quinoa", ids -> ids.equals(List.of(message.getMessageId())));

        var edit = Events.edited(message, "Bring the couscous salad to the potluck");
        awaitIds(reader, "couscous", ids -> ids.equals(List.of(message.getMessageId())));
        assertThat(client.ids(reader, "quinoa")).as("the old text is gone, snippet and all").isEmpty();
        // The same edit delivered again (at-least-once) and the post replayed change nothing.
        Events.publish(dev.cohort.events.Topics.CHAT_MESSAGES, message.getConversationId(), edit);
        Events.publish(dev.cohort.events.Topics.CHAT_MESSAGES, message.getConversationId(), message);

        Events.deleted(message);
        awaitIds(reader, "potluck", List::isEmpty);
        assertThat(client.ids(reader, "couscous")).isEmpty();
        assertThat(lag.timer(Kind.MESSAGE).count()).as("index lag recorded once per applied change")
                .isGreaterThanOrEqualTo(recorded + 3);
    }

    @Test
    void postsArrivingTogetherAreIndexedOnceEachEvenWhenDeliveredTwice() {
        UUID burst = Events.conversation(reader, classmate);
        Timer timer = lag.timer(Kind.MESSAGE);
        long countBefore = timer.count();
        // Published back to back, so that the consumer receives several in one poll and writes runs of posts in one
        // statement: each event twice (at least once delivery), then a last post, applied after all the others
        // (one conversation's events are applied in order).
        MessagePosted first = Events.posted(burst, 1, reader, "Okapi feeding notes for the week", Instant.now());
        Events.publish(dev.cohort.events.Topics.CHAT_MESSAGES, burst.toString(), first);
        MessagePosted second = Events.posted(burst, 2, classmate, "Okapi enclosure temperature log", Instant.now());
        Events.publish(dev.cohort.events.Topics.CHAT_MESSAGES, burst.toString(), second);
        MessagePosted last = Events.posted(burst, 3, reader, "Okapi photos from the lab", Instant.now());

        awaitIds(reader, "okapi", ids -> ids.size() == 3);
        Awaitility.await().atMost(PATIENCE).until(() -> timer.count() >= countBefore + 3);
        assertThat(client.ids(reader, "okapi")).containsExactlyInAnyOrder(first.getMessageId(),
                second.getMessageId(), last.getMessageId());
        assertThat(jdbc.queryForObject("select count(*) from cohort_events.processed_events where event_id = ?",
                Integer.class, UUID.fromString(first.getMetadata().getEventId().toString())))
                .as("a repeated event recorded once").isEqualTo(1);
        assertThat(timer.count()).as("each post's lag recorded once, not the repetitions'").isEqualTo(countBefore + 3);
    }

    @Test
    void importedHistoryIsFoundAtItsOriginalTimeButLeftOutOfTheIndexLag() {
        UUID history = Events.conversation(reader, classmate);
        Instant weeksAgo = Instant.now().minus(20, ChronoUnit.DAYS);
        Timer timer = lag.timer(Kind.MESSAGE);
        long countBefore = timer.count();
        double secondsBefore = timer.totalTime(TimeUnit.SECONDS);

        MessagePosted old = Events.imported(history, 1, classmate, "Narwhal care rota from the old forum", weeksAgo);
        MessagePosted now = Events.posted(history, 2, reader, "Narwhal tank cleaned today", Instant.now());
        // One consumer applies one conversation's events in order: once the sent message is measured, the imported
        // one before it was indexed (and measured, were it counted).
        awaitIds(reader, "narwhal", ids -> ids.size() == 2);
        Awaitility.await().atMost(PATIENCE).until(() -> timer.count() > countBefore);

        assertThat(ids(SearchRequest.newBuilder().setQuery("narwhal").setPostedBefore(Timestamp.newBuilder()
                .setSeconds(weeksAgo.plus(1, ChronoUnit.DAYS).getEpochSecond()))))
                .as("indexed at its original time").containsExactly(old.getMessageId());
        assertThat(timer.count()).as("only the sent message is measured").isEqualTo(countBefore + 1);
        assertThat(timer.totalTime(TimeUnit.SECONDS) - secondsBefore).as("its lag, not weeks of history")
                .isLessThan(PATIENCE.toSeconds());
        assertThat(client.ids(reader, "tank cleaned")).containsExactly(now.getMessageId());
    }

    @Test
    void aMemberWhoLeavesStopsFindingTheConversation() {
        UUID dave = UUID.randomUUID();
        UUID erin = UUID.randomUUID();
        UUID study = Events.conversation(dave, erin);
        MessagePosted message = Events.posted(study, 1, erin, "Flashcards for the pterodactyl unit", Instant.now());
        awaitIds(dave, "pterodactyl", ids -> ids.equals(List.of(message.getMessageId())));

        Events.left(study, dave);
        awaitIds(dave, "pterodactyl", List::isEmpty);
        assertThat(client.ids(erin, "pterodactyl")).as("the others still find it").hasSize(1);

        Events.joined(study, dave);
        awaitIds(dave, "pterodactyl", ids -> ids.equals(List.of(message.getMessageId())));
    }

    @Test
    void peopleAreFoundAsTheirPrivacyAndBlocksAllow() {
        UUID open = Events.person("Wilhelmina Everyone");
        Events.visibility(open, ProfileVisibility.EVERYONE);
        UUID shy = Events.person("Wilhelmina Classmate");
        Events.profile(shy, "Wilhelmina Classmate", "Marine Biology", "Likes tide pools");
        UUID hidden = Events.person("Wilhelmina Nobody");
        Events.visibility(hidden, ProfileVisibility.NOBODY);
        UUID sectionmate = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID section = UUID.randomUUID();
        Events.enrolled(section, shy);
        Events.enrolled(section, sectionmate);
        Events.enrolled(section, hidden);

        awaitIds(sectionmate, "wilhelmina", ids -> ids.size() == 2);
        assertThat(client.ids(sectionmate, "wilhelmina", ResultKind.RESULT_KIND_PERSON))
                .containsExactlyInAnyOrder(open.toString(), shy.toString());
        assertThat(client.ids(stranger, "wilhelmina")).as("classmates-only is not for strangers")
                .containsExactly(open.toString());
        assertThat(client.ids(sectionmate, "tide pools marine")).as("program and bio are searched")
                .containsExactly(shy.toString());
        assertThat(client.ids(open, "wilhelmina")).as("never oneself").doesNotContain(open.toString());
        assertThat(client.ids(hidden, "wilhelmina everyone")).contains(open.toString());

        Events.blocked(open, stranger);
        awaitIds(stranger, "wilhelmina", List::isEmpty);
        Events.blocked(sectionmate, shy);
        awaitIds(shy, "wilhelmina", ids -> !ids.isEmpty() && !ids.contains(sectionmate.toString()));
        assertThat(client.ids(sectionmate, "wilhelmina")).as("a block hides the blocked from the blocker too")
                .containsExactly(open.toString());
        Events.unblocked(open, stranger);
        awaitIds(stranger, "wilhelmina", ids -> ids.equals(List.of(open.toString())));
    }

    @Test
    void pagesComeOnceEachAndTokensAreBoundToTheirSearch() {
        UUID mine = Events.conversation(reader);
        for (int i = 1; i <= 5; i++) {
            Events.posted(mine, i, reader, "Axolotl fact number " + i, Instant.now().minusSeconds(i));
        }
        awaitIds(reader, "axolotl", ids -> ids.size() == 5);

        List<String> paged = new ArrayList<>();
        SearchRequest.Builder request = SearchRequest.newBuilder().setQuery("axolotl").setPageSize(2);
        String firstToken = null;
        int pages = 0;
        do {
            SearchResponse page = client.search(reader, request.build());
            page.getResultsList().forEach(result -> paged.add(result.getId()));
            firstToken = firstToken == null ? page.getNextPageToken() : firstToken;
            request.setPageToken(page.getNextPageToken());
            pages++;
        } while (!request.getPageToken().isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(client.ids(reader, "axolotl"));

        String token = firstToken;
        for (Runnable misuse : List.<Runnable>of(
                () -> client.search(reader, SearchRequest.newBuilder().setQuery("axolotls").setPageToken(token).build()),
                () -> client.search(reader, SearchRequest.newBuilder().setQuery("axolotl")
                        .addKinds(ResultKind.RESULT_KIND_MESSAGE).setPageToken(token).build()),
                () -> client.search(classmate, SearchRequest.newBuilder().setQuery("axolotl").setPageSize(2)
                        .setPageToken(token).build()))) {
            StatusRuntimeException refused = GrpcFailures.failure(misuse);
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(GrpcFailures.reason(refused)).isEqualTo("INVALID_PAGE_TOKEN");
        }
    }

    @Test
    void refusesBadRequestsWithSpecificErrors() {
        assertThat(refusal(() -> client.search(reader, SearchRequest.newBuilder().setQuery("   ").build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT + " REQUEST_INVALID");
        assertThat(refusal(() -> client.search(reader, SearchRequest.newBuilder().setQuery("x")
                .addKinds(ResultKind.RESULT_KIND_UNSPECIFIED).build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT + " REQUEST_INVALID");
        assertThat(refusal(() -> client.search(reader, SearchRequest.newBuilder().setQuery("x")
                .setConversationId("not-a-uuid").build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT + " REQUEST_INVALID");
        Timestamp noon = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();
        assertThat(refusal(() -> client.search(reader, SearchRequest.newBuilder().setQuery("x")
                .setPostedAfter(noon).setPostedBefore(noon).build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT + " INVALID_DATE_RANGE");
        assertThat(refusal(() -> client.search(reader, SearchRequest.newBuilder().setQuery("x")
                .setPostedBefore(Timestamp.newBuilder().setSeconds(-1)).build())))
                .as("before 1970").isEqualTo(Status.Code.INVALID_ARGUMENT + " REQUEST_INVALID");
        assertThat(refusal(() -> client.anonymous().search(SearchRequest.newBuilder().setQuery("x").build())))
                .startsWith(Status.Code.UNAUTHENTICATED.name());
        assertThat(refusal(() -> client.as(reader).reindex(ReindexRequest.newBuilder()
                .setKind(ResultKind.RESULT_KIND_MESSAGE).build()).hasNext()))
                .startsWith(Status.Code.PERMISSION_DENIED.name());
    }

    @Test
    void filtersNarrowToTheirKindAuthorAndDates() {
        Instant now = Instant.now();
        UUID mine = Events.conversation(reader, classmate);
        MessagePosted early = Events.posted(mine, 1, classmate, "Kombucha brewing notes", now.minus(10, ChronoUnit.DAYS));
        MessagePosted late = Events.posted(mine, 2, reader, "Kombucha tasting tonight", now.minusSeconds(60));
        UUID course = Events.course("FOOD 210", "Kombucha Fermentation", "Cultures and kombucha.");
        awaitIds(reader, "kombucha", ids -> ids.size() == 3);

        assertThat(ids(SearchRequest.newBuilder().setQuery("kombucha").setAuthorUserId(classmate.toString())))
                .containsExactly(early.getMessageId());
        assertThat(ids(SearchRequest.newBuilder().setQuery("kombucha")
                .setPostedAfter(Timestamp.newBuilder().setSeconds(now.minus(1, ChronoUnit.DAYS).getEpochSecond()))))
                .containsExactly(late.getMessageId());
        assertThat(ids(SearchRequest.newBuilder().setQuery("kombucha").setCourseId(course.toString())))
                .containsExactly(course.toString());
        assertThat(ids(SearchRequest.newBuilder().setQuery("kombucha").setConversationId(mine.toString())
                .addKinds(ResultKind.RESULT_KIND_COURSE))).as("a message filter leaves courses out").isEmpty();
    }

    @Test
    void reindexRebuildsEachKindIdenticallyFromItsTopicsWhileSearchesGoOn() {
        for (ResultKind kind : List.of(ResultKind.RESULT_KIND_MESSAGE, ResultKind.RESULT_KIND_COURSE,
                ResultKind.RESULT_KIND_PERSON)) {
            String name = kind.name().substring("RESULT_KIND_".length());
            List<java.util.Map<String, Object>> before = documents(name);
            List<dev.cohort.search.v1.ReindexResponse> progress = new ArrayList<>();
            client.as(reader, "ADMIN").reindex(ReindexRequest.newBuilder().setKind(kind).build())
                    .forEachRemaining(progress::add);

            assertThat(progress).as(name).isNotEmpty();
            var last = progress.get(progress.size() - 1);
            assertThat(last.getDone()).as("the last message says it is done").isTrue();
            assertThat(last.getDocumentsIndexed()).isEqualTo(before.size());
            assertThat(last.getEventsRead()).isGreaterThanOrEqualTo(before.size());
            assertThat(documents(name)).as("the rebuilt %s documents are the ones the live consumers built", name)
                    .isEqualTo(before);
        }
        assertThat(client.ids(reader, "dynamic programming", ResultKind.RESULT_KIND_MESSAGE))
                .as("and search answers the same").containsExactly(phrase.getMessageId(), scattered.getMessageId());
    }

    private List<java.util.Map<String, Object>> documents(String kind) {
        return jdbc.queryForList("select kind, id, language::text, title, body, conversation_id, sequence, "
                + "author_id, posted_at, changed_at from documents where kind = ? order by id", kind);
    }

    private List<String> ids(SearchRequest.Builder request) {
        return client.search(reader, request.build()).getResultsList().stream().map(SearchResult::getId).toList();
    }

    private void awaitIds(UUID caller, String query, Predicate<List<String>> expected) {
        Awaitility.await().atMost(PATIENCE).until(() -> client.ids(caller, query), expected);
    }

    private MessagePosted awaitOnly(UUID caller, String query) {
        List<SearchResult> found = Awaitility.await().atMost(PATIENCE)
                .until(() -> client.find(caller, query), results -> results.size() == 1);
        assertThat(found.get(0).getKind()).isEqualTo(ResultKind.RESULT_KIND_MESSAGE);
        return MessagePosted.newBuilder().setMetadata(dev.cohort.events.common.EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setAggregateId("x")
                        .setProducer("test").setTraceparent(null).build())
                .setConversationId(found.get(0).getMessage().getConversationId())
                .setConversationKind(dev.cohort.events.chat.ConversationKind.CHANNEL).setMessageId(found.get(0).getId())
                .setSequence(found.get(0).getMessage().getSequence())
                .setAuthorUserId(found.get(0).getMessage().getAuthorUserId())
                .setText(found.get(0).getSnippet().getText()).setMentions(List.of()).setThreadRootMessageId(null)
                .build();
    }

    /** The words a result's snippet marks, lower-cased. */
    private static List<String> marked(SearchResult result) {
        int[] codePoints = result.getSnippet().getText().codePoints().toArray();
        List<String> words = new ArrayList<>();
        for (TextRange range : result.getSnippet().getHighlightsList()) {
            words.add(new String(codePoints, range.getStart(), range.getLength()).toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static String refusal(Runnable call) {
        StatusRuntimeException refused = GrpcFailures.failure(call);
        return refused.getStatus().getCode() + " " + GrpcFailures.reason(refused);
    }
}
