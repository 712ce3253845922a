package dev.cohort.search.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.course.CourseUpserted;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.search.app.IndexLag;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.store.IndexWrites;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Course's catalog (each CourseUpserted carries the course's whole new state: it replaces the document) and its
 * enrollments (students of one section are classmates, which lets them find each other's classmates-only
 * profiles). Applied once per event id.
 */
public class CourseCatalog {

    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "search-course";
    static final String SECTION = "SECTION";

    private final ProcessedEvents processed;
    private final IndexWrites index;
    private final IndexLag lag;
    private final String language;

    /** @param language the text search configuration of course titles and descriptions */
    public CourseCatalog(ProcessedEvents processed, IndexWrites index, IndexLag lag, String language) {
        this.processed = processed;
        this.index = index;
        this.lag = lag;
        this.language = language;
    }

    @KafkaListener(topics = {Topics.COURSE_CATALOG, Topics.COURSE_ENROLLMENTS},
            containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.search.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof CourseUpserted course) {
            if (processed.applyOnce(CONSUMER, course.getMetadata().getEventId().toString(),
                    () -> document(course, index))) {
                lag.searchable(Kind.COURSE, course.getMetadata().getOccurredAt());
            }
        } else if (record.value() instanceof EnrollmentChanged enrollment) {
            UUID section = UUID.fromString(enrollment.getSectionId());
            UUID student = UUID.fromString(enrollment.getUserId());
            processed.applyOnce(CONSUMER, enrollment.getMetadata().getEventId().toString(),
                    () -> {
                        if (enrollment.getChange() == EnrollmentChange.ENROLLED) {
                            index.joined(SECTION, section, student);
                        } else {
                            index.left(SECTION, section, student);
                        }
                    });
        }
    }

    /** Applies a CourseUpserted to the documents {@code target} writes; nothing else is a course document. */
    public void document(SpecificRecord event, IndexWrites target) {
        if (event instanceof CourseUpserted course) {
            target.courseUpserted(UUID.fromString(course.getCourseId()), language,
                    course.getCode() + " " + course.getTitle(), course.getDescription(),
                    course.getMetadata().getOccurredAt());
        }
    }
}
