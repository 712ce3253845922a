package dev.cohort.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CohortPagingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CohortPagingAutoConfiguration.class));

    @Test
    void refusesToStartWithoutAKeyAndSaysWhatToSet() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("cohort.paging.token-key is not set")
                    .hasMessageContaining("COHORT_PAGING_TOKENKEY");
        });
    }

    @Test
    void buildsTheCodecFromAConfiguredKey() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        runner.withPropertyValues("cohort.paging.token-key=" + key).run(context -> {
            assertThat(context).hasSingleBean(PageTokenCodec.class);
            PageTokenCodec codec = context.getBean(PageTokenCodec.class);
            PageQuery query = PageQuery.anonymous("test.list");
            assertThat(codec.decode(query, CursorFormat.SEQUENCE, codec.encode(query, CursorFormat.SEQUENCE, 7L)))
                    .contains(7L);
        });
    }
}
