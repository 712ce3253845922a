package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.detail;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.User;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Control characters in a display name (ADR 18): refused as the invalid argument they are, before any account is
 * created. Register used to answer EMAIL_TAKEN, because the failed insert (PostgreSQL cannot store U+0000) was
 * taken for the unique-email conflict.
 */
class ControlCharactersTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, ControlCharactersTest.class);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNulInTheDisplayNameIsAnInvalidArgumentAndCreatesNoAccount() {
        String email = uniqueEmail("nul");

        StatusRuntimeException refused = failure(() -> client.anonymous().register(registration(email, "Ada\u0000")));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(refused, BadRequest.class).getFieldViolationsList()).singleElement().satisfies(violation -> {
            assertThat(violation.getField()).isEqualTo("display_name");
            assertThat(violation.getDescription()).contains("control characters").contains("U+0000");
        });
        assertThat(accountsWith(email)).isZero();
        User registered = client.anonymous().register(registration(email, "Ada")).getUser();
        assertThat(registered.getDisplayName()).as("the address was never taken").isEqualTo("Ada");
    }

    @Test
    void aDisplayNameIsOneLine() {
        String email = uniqueEmail("lines");

        for (String name : new String[] {"Ada\nLovelace", "Ada\tLovelace", "Ada\rLovelace", "Ada\u001B[31m"}) {
            StatusRuntimeException refused = failure(() -> client.anonymous().register(registration(email, name)));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(detail(refused, BadRequest.class).getFieldViolationsList()).anySatisfy(violation -> {
                assertThat(violation.getField()).isEqualTo("display_name");
                assertThat(violation.getDescription()).contains("control characters");
            });
        }
        assertThat(accountsWith(email)).isZero();
    }

    private static RegisterRequest registration(String email, String displayName) {
        return RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD).setDisplayName(displayName).build();
    }

    private long accountsWith(String email) {
        return jdbc.queryForObject("select count(*) from users where email = ?", Long.class, email.toLowerCase());
    }
}
