package dev.cohort.course;

import static dev.cohort.course.CatalogRecords.course;
import static dev.cohort.course.CatalogRecords.module;
import static dev.cohort.course.CatalogRecords.section;
import static dev.cohort.course.CatalogRecords.term;
import static dev.cohort.course.CatalogRecords.uniqueCourseCode;
import static dev.cohort.course.CatalogRecords.uniqueTermCode;
import static dev.cohort.course.CourseClient.admin;
import static dev.cohort.course.CourseClient.student;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.course.CourseClient.Person;
import dev.cohort.course.events.CourseEvents;
import dev.cohort.course.v1.CompleteLessonRequest;
import dev.cohort.course.v1.DropRequest;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.TermState;
import dev.cohort.events.course.CourseUpserted;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.course.LessonCompleted;
import dev.cohort.events.course.SectionUpserted;
import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.kafka.broker.TopicReader;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The course service's events reach Kafka through the outbox, in the Confluent wire format, against a real registry. */
class CourseEventsTest extends CourseServiceTest {

    private static ConfigurableApplicationContext registry;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry properties) {
        CourseTestSupport.register(properties, CourseEventsTest.class, true);
        properties.add("cohort.events.bootstrap-servers", () -> InJvmKafka.shared().bootstrapServers());
        properties.add("cohort.events.schema-registry-url", CourseEventsTest::registryUrl);
    }

    static synchronized String registryUrl() {
        if (registry == null) {
            TestDatabase database = TestPostgres.shared().createDatabase("course_registry");
            registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return SchemaRegistryApplication.url(registry);
    }

    final String termCode = uniqueTermCode();
    final String code = uniqueCourseCode();
    AvroDeserializer deserializer;

    @BeforeAll
    void prepare() {
        deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl()), false);
        client.importCatalog(admin(), List.of(term(termCode, TermState.TERM_STATE_OPEN), course(code, "Evented Course"),
                section(code, termCode, "101", 50), module(code, 1, "Only module", "Only lesson")));
    }

    @AfterAll
    void release() {
        deserializer.close();
    }

    @Test
    void enrollingAndDroppingPublishEnrollmentChangedInOrderKeyedBySection() {
        Person ada = student();
        Section section = client.section(code, termCode, "101");
        client.enroll(ada, section.getSectionId());
        client.as(ada).drop(DropRequest.newBuilder().setSectionId(section.getSectionId()).build());

        List<EnrollmentChanged> events = read(CourseEvents.ENROLLMENTS, section.getSectionId(), 2).stream()
                .map(record -> (EnrollmentChanged) deserializer.deserialize(CourseEvents.ENROLLMENTS, record.value()))
                .filter(event -> event.getUserId().equals(ada.userId()))
                .toList();

        assertThat(events).extracting(EnrollmentChanged::getChange)
                .containsExactly(EnrollmentChange.ENROLLED, EnrollmentChange.DROPPED);
        EnrollmentChanged enrolled = events.get(0);
        assertThat(enrolled.getSectionId()).isEqualTo(section.getSectionId());
        assertThat(enrolled.getCourseId()).isEqualTo(section.getCourseId());
        assertThat(enrolled.getMetadata().getAggregateId()).isEqualTo(section.getSectionId());
        assertThat(enrolled.getMetadata().getProducer()).isEqualTo("course");
        assertThat(enrolled.getMetadata().getEventId()).isNotEqualTo(events.get(1).getMetadata().getEventId());
    }

    @Test
    void importPublishesCourseAndSectionUpserts() {
        Section section = client.section(code, termCode, "101");

        List<SpecificRecord> catalog = read(CourseEvents.CATALOG, section.getCourseId(), 1).stream()
                .map(record -> deserializer.deserialize(CourseEvents.CATALOG, record.value())).toList();
        List<SpecificRecord> sections = read(CourseEvents.CATALOG, section.getSectionId(), 1).stream()
                .map(record -> deserializer.deserialize(CourseEvents.CATALOG, record.value())).toList();

        assertThat(catalog).singleElement().isInstanceOfSatisfying(CourseUpserted.class, course -> {
            assertThat(course.getCode()).isEqualTo(code);
            assertThat(course.getTitle()).isEqualTo("Evented Course");
            assertThat(course.getDepartment()).isEqualTo("TEST");
            assertThat(course.getCreated()).isTrue();
        });
        assertThat(sections).singleElement().isInstanceOfSatisfying(SectionUpserted.class, upserted -> {
            assertThat(upserted.getCourseId()).isEqualTo(section.getCourseId());
            assertThat(upserted.getCapacity()).isEqualTo(50);
            assertThat(upserted.getMaxGroupSize()).isEqualTo(4);
            assertThat(upserted.getInstructorUserId()).isNull();
        });
    }

    @Test
    void completingALessonPublishesLessonCompletedOnce() {
        Person ada = student();
        client.enroll(ada, client.section(code, termCode, "101").getSectionId());
        String lessonId = client.as(ada).getCourse(GetCourseRequest.newBuilder().setCourseId(client.courseId(code))
                .build()).getModules(0).getLessons(0).getLessonId();
        CompleteLessonRequest complete = CompleteLessonRequest.newBuilder().setLessonId(lessonId).build();
        client.as(ada).completeLesson(complete);
        client.as(ada).completeLesson(complete);

        List<ConsumerRecord<String, byte[]>> records = read(CourseEvents.PROGRESS, ada.userId(), 1);

        assertThat(records).singleElement().satisfies(record -> {
            LessonCompleted event = (LessonCompleted) deserializer.deserialize(CourseEvents.PROGRESS, record.value());
            assertThat(event.getLessonId()).isEqualTo(lessonId);
            assertThat(event.getCompletedLessonCount()).isEqualTo(1);
            assertThat(event.getLessonCount()).isEqualTo(1);
        });
    }

    /** The records of {@code topic} keyed {@code key}, once at least {@code count} arrived. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, String key, int count) {
        return TopicReader.readUntil(InJvmKafka.shared().bootstrapServers(), topic,
                        seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= count, Duration.ofSeconds(60))
                .stream().filter(r -> key.equals(r.key())).toList();
    }
}
