package dev.cohort.paging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.paging.*}.
 *
 * @param tokenKey      base64 of at least 32 random bytes that authenticate page tokens; required, no default
 * @param tokenLifetime how long a page token is accepted after it was issued
 */
@ConfigurationProperties("cohort.paging")
public record CohortPagingProperties(String tokenKey, @DefaultValue("24h") Duration tokenLifetime) {
}
