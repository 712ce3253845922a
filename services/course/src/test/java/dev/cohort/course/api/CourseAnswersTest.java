package dev.cohort.course.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.course.app.CourseOutline;
import dev.cohort.course.app.CourseView;
import dev.cohort.course.app.LessonView;
import dev.cohort.course.app.ModuleView;
import dev.cohort.course.v1.GetCourseResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GetCourse's answer is mapped once per outline, and always from the outline it is asked for (ADR 80). */
class CourseAnswersTest {

    final UUID courseId = UUID.randomUUID();
    final UUID moduleId = UUID.randomUUID();
    final UUID lessonId = UUID.randomUUID();

    CourseOutline titled(String lessonTitle) {
        return new CourseOutline(new CourseView(courseId, "CPSC 110", "Computation", "Programs.", 4, "CPSC",
                "Computer Science"), List.of(new CourseOutline.ModuleOutline(
                new ModuleView(moduleId, courseId, 1, "Basics"),
                List.of(new LessonView(lessonId, moduleId, 1, lessonTitle, 30)))));
    }

    @Test
    void answersTheSameOutlineWithTheSameMessage() {
        CourseAnswers answers = new CourseAnswers();
        CourseOutline outline = titled("Expressions");

        GetCourseResponse first = answers.answer(outline);

        assertThat(answers.answer(outline)).isSameAs(first);
        assertThat(first).isEqualTo(CourseAnswers.map(outline));
        assertThat(first.getModules(0).getLessons(0).getLessonId()).isEqualTo(lessonId.toString());
        assertThat(first.getModules(0).getLessons(0).getModuleId()).isEqualTo(moduleId.toString());
    }

    @Test
    void mapsAnotherOutlineOfTheSameCourseAfresh() {
        CourseAnswers answers = new CourseAnswers();
        answers.answer(titled("Expressions"));

        // An outline read again (say after an import) is another instance, even when its content is equal.
        GetCourseResponse renamed = answers.answer(titled("Values and expressions"));

        assertThat(renamed.getModules(0).getLessons(0).getTitle()).isEqualTo("Values and expressions");
    }
}
