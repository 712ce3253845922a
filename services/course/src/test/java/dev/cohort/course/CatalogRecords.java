package dev.cohort.course;

import com.google.type.Date;
import dev.cohort.course.v1.CourseRecord;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.LessonRecord;
import dev.cohort.course.v1.ModuleRecord;
import dev.cohort.course.v1.SectionRecord;
import dev.cohort.course.v1.TermRecord;
import dev.cohort.course.v1.TermState;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Import records for tests, and unique natural keys so that tests sharing a database never collide. */
final class CatalogRecords {

    private static final AtomicInteger NEXT = new AtomicInteger(100);

    private CatalogRecords() {
    }

    /** A course code no other test uses, e.g. {@code TEST 123}. */
    static String uniqueCourseCode() {
        return "TEST " + NEXT.getAndIncrement();
    }

    /** A term code no other test uses, e.g. {@code T123}. */
    static String uniqueTermCode() {
        return "T" + NEXT.getAndIncrement();
    }

    static ImportCatalogRequest term(String code, TermState state) {
        return ImportCatalogRequest.newBuilder().setTerm(TermRecord.newBuilder()
                .setCode(code).setName("Term " + code)
                .setStartDate(Date.newBuilder().setYear(2027).setMonth(1).setDay(5))
                .setEndDate(Date.newBuilder().setYear(2027).setMonth(4).setDay(23))
                .setState(state)).build();
    }

    static ImportCatalogRequest course(String code, String title) {
        return ImportCatalogRequest.newBuilder().setCourse(CourseRecord.newBuilder()
                .setCode(code).setTitle(title).setDescription("About " + title.toLowerCase() + ".")
                .setCredits(3).setDepartmentName("Testing")).build();
    }

    static ImportCatalogRequest section(String courseCode, String termCode, String sectionCode, int capacity) {
        return ImportCatalogRequest.newBuilder().setSection(SectionRecord.newBuilder()
                .setCourseCode(courseCode).setTermCode(termCode).setSectionCode(sectionCode)
                .setSchedule("Tue Thu 09:30-11:00").setCapacity(capacity).setMaxGroupSize(4)).build();
    }

    static ImportCatalogRequest section(String courseCode, String termCode, String sectionCode, int capacity,
                                        String instructorUserId) {
        ImportCatalogRequest plain = section(courseCode, termCode, sectionCode, capacity);
        return plain.toBuilder().setSection(plain.getSection().toBuilder().setInstructorUserId(instructorUserId))
                .build();
    }

    static ImportCatalogRequest module(String courseCode, int position, String title, String... lessons) {
        return ImportCatalogRequest.newBuilder().setModule(ModuleRecord.newBuilder()
                .setCourseCode(courseCode).setPosition(position).setTitle(title)
                .addAllLessons(Arrays.stream(lessons)
                        .map(lesson -> LessonRecord.newBuilder().setTitle(lesson).setDurationMinutes(30).build())
                        .toList())).build();
    }
}
