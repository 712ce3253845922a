package dev.cohort.course.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.course.app.CourseOutline;
import dev.cohort.course.app.CourseView;
import dev.cohort.course.app.EnrolledSectionView;
import dev.cohort.course.app.EnrollmentView;
import dev.cohort.course.app.LearningProgress;
import dev.cohort.course.app.LessonView;
import dev.cohort.course.app.SectionView;
import dev.cohort.course.app.TermView;
import dev.cohort.course.v1.Course;
import dev.cohort.course.v1.EnrolledSection;
import dev.cohort.course.v1.Enrollment;
import dev.cohort.course.v1.EnrollmentStatus;
import dev.cohort.course.v1.GetProgressResponse;
import dev.cohort.course.v1.Lesson;
import dev.cohort.course.v1.Module;
import dev.cohort.course.v1.ModuleProgress;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.Term;
import dev.cohort.course.v1.TermState;
import java.time.LocalDate;
import java.util.UUID;

/** From the use cases' views to the contract's messages. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static Term term(TermView term) {
        return Term.newBuilder()
                .setTermId(term.id().toString())
                .setCode(term.code())
                .setName(term.name())
                .setStartDate(date(term.startDate()))
                .setEndDate(date(term.endDate()))
                .setState(termState(term.state()))
                .build();
    }

    static Course course(CourseView course) {
        return Course.newBuilder()
                .setCourseId(course.id().toString())
                .setCode(course.code())
                .setTitle(course.title())
                .setDescription(course.description())
                .setCredits(course.credits())
                .setDepartment(course.department())
                .setDepartmentName(course.departmentName())
                .build();
    }

    static Module module(CourseOutline.ModuleOutline outline) {
        var module = outline.module();
        return Module.newBuilder()
                .setModuleId(module.id().toString())
                .setCourseId(module.courseId().toString())
                .setPosition(module.position())
                .setTitle(module.title())
                .addAllLessons(outline.lessons().stream().map(ProtoMapping::lesson).toList())
                .build();
    }

    static Lesson lesson(LessonView lesson) {
        return Lesson.newBuilder()
                .setLessonId(lesson.id().toString())
                .setModuleId(lesson.moduleId().toString())
                .setPosition(lesson.position())
                .setTitle(lesson.title())
                .setDurationMinutes(lesson.durationMinutes())
                .build();
    }

    static Section section(SectionView section) {
        return Section.newBuilder()
                .setSectionId(section.id().toString())
                .setCourseId(section.courseId().toString())
                .setTermId(section.termId().toString())
                .setSectionCode(section.sectionCode())
                .setInstructorUserId(idOrEmpty(section.instructorUserId()))
                .setSchedule(section.schedule())
                .setCapacity(section.capacity())
                .setEnrolledCount(section.enrolledCount())
                .setMaxGroupSize(section.maxGroupSize())
                .setCourseCode(section.courseCode())
                .setTermCode(section.termCode())
                .setTermState(termState(section.termState()))
                .build();
    }

    static Enrollment enrollment(EnrollmentView enrollment) {
        var message = Enrollment.newBuilder()
                .setSectionId(enrollment.sectionId().toString())
                .setUserId(enrollment.userId().toString())
                .setStatus(enrollment.enrolled() ? EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED
                        : EnrollmentStatus.ENROLLMENT_STATUS_DROPPED)
                .setEnrollTime(timestamp(enrollment.enrolledAt()));
        if (enrollment.droppedAt() != null) {
            message.setDropTime(timestamp(enrollment.droppedAt()));
        }
        return message.build();
    }

    static EnrolledSection enrolledSection(EnrolledSectionView enrolled) {
        return EnrolledSection.newBuilder()
                .setEnrollment(enrollment(enrolled.enrollment()))
                .setSection(section(enrolled.section()))
                .setCourseTitle(enrolled.courseTitle())
                .build();
    }

    static GetProgressResponse progress(LearningProgress.CourseProgress progress) {
        return GetProgressResponse.newBuilder()
                .setCourseId(progress.courseId().toString())
                .addAllModules(progress.modules().stream().map(module -> ModuleProgress.newBuilder()
                        .setModuleId(module.module().id().toString())
                        .setPosition(module.module().position())
                        .setTitle(module.module().title())
                        .setCompletedLessonCount(module.completedCount())
                        .setLessonCount(module.lessonCount())
                        .setPercentComplete(module.percent())
                        .addAllCompletedLessonIds(module.completedLessonIds().stream().map(UUID::toString).toList())
                        .build()).toList())
                .setCompletedLessonCount(progress.completedCount())
                .setLessonCount(progress.lessonCount())
                .setPercentComplete(progress.percent())
                .build();
    }

    static TermState termState(dev.cohort.course.domain.TermState state) {
        return switch (state) {
            case OPEN -> TermState.TERM_STATE_OPEN;
            case CLOSED -> TermState.TERM_STATE_CLOSED;
        };
    }

    static com.google.type.Date date(LocalDate date) {
        return com.google.type.Date.newBuilder()
                .setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth()).build();
    }

    private static String idOrEmpty(UUID id) {
        return id == null ? "" : id.toString();
    }
}
