package dev.cohort.paging;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The page-token codec of a service, keyed by {@code cohort.paging.token-key}. A missing key stops the start with
 * a message saying what to set: there is no default key, because a known key lets anyone forge tokens.
 */
@AutoConfiguration
@EnableConfigurationProperties(CohortPagingProperties.class)
public class CohortPagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PageTokenCodec cohortPageTokenCodec(CohortPagingProperties properties, ObjectProvider<Clock> clock) {
        return new PageTokenCodec(PageTokenKey.fromBase64(properties.tokenKey()),
                clock.getIfUnique(Clock::systemUTC), properties.tokenLifetime());
    }
}
