package dev.cohort.group;

import static dev.cohort.group.GroupClient.detail;
import static dev.cohort.group.GroupClient.failure;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.group.v1.CreateGroupRequest;
import dev.cohort.group.v1.Group;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Control characters in a study group (ADR 18), through a real gRPC client on real PostgreSQL: a name is one line
 * of printable text, a description may span lines and be indented with tabs, and anything else is refused with
 * the field at fault before a group is created (a NUL used to fail the insert with INTERNAL).
 */
@SpringBootTest(classes = GroupApplication.class, properties = "spring.config.name=" + GroupApplication.CONFIG_NAME)
@Import(GroupTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlCharactersTest {

    static final FakeCourse COURSE = new FakeCourse();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GroupTestSupport.register(registry, ControlCharactersTest.class, COURSE, false);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    GroupClient client;

    @BeforeAll
    void connect() {
        client = new GroupClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
        COURSE.close();
    }

    @Test
    void aNulOrALineBreakInTheNameIsRefusedAndNoGroupIsCreated() {
        UUID owner = UUID.randomUUID();
        UUID section = COURSE.newSection(5);
        COURSE.enroll(section, owner);

        for (String name : new String[] {"Study\u0000group", "Study\ngroup", "Study\tgroup", "Study\u007F"}) {
            StatusRuntimeException refused = failure(() -> client.as(owner).createGroup(create(section, name, "")));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(detail(refused, BadRequest.class).getFieldViolationsList()).anySatisfy(violation -> {
                assertThat(violation.getField()).isEqualTo("name");
                assertThat(violation.getDescription()).contains("control characters");
            });
        }

        assertThat(groupsIn(section)).isZero();
    }

    @Test
    void aDescriptionMaySpanLinesButTakesNoOtherControlCharacter() {
        UUID owner = UUID.randomUUID();
        UUID section = COURSE.newSection(5);
        COURSE.enroll(section, owner);

        StatusRuntimeException refused = failure(() -> client.as(owner)
                .createGroup(create(section, "Graph theory", "Weekly\u0000sets")));
        assertThat(detail(refused, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly("description");
        assertThat(groupsIn(section)).isZero();

        Group group = client.as(owner).createGroup(create(section, "Graph theory", "Weekly sets:\n\t- trees\n\t- flows"))
                .getGroup();
        assertThat(group.getDescription()).isEqualTo("Weekly sets:\n\t- trees\n\t- flows");
    }

    private static CreateGroupRequest create(UUID section, String name, String description) {
        return CreateGroupRequest.newBuilder().setSectionId(section.toString()).setName(name)
                .setDescription(description).setVisibility(GROUP_VISIBILITY_OPEN).build();
    }

    private long groupsIn(UUID section) {
        return jdbc.queryForObject("select count(*) from study_groups where section_id = ?", Long.class, section);
    }
}
