package dev.cohort.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.redis.*}: where Redis is and under which key prefix this application's objects live.
 *
 * @param enabled        false to create no client at all
 * @param url            {@code redis://host:port} ({@code rediss://} for TLS)
 * @param password       optional
 * @param keyPrefix      put in front of every Redisson object name, so tests and tenants never collide
 * @param connectTimeout how long to wait for a connection
 * @param timeout        how long to wait for a command's reply
 * @param database       the Redis database number
 */
@ConfigurationProperties("cohort.redis")
public record CohortRedisProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("redis://127.0.0.1:6379") String url,
        String password,
        String keyPrefix,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("3s") Duration timeout,
        @DefaultValue("0") int database) {

    public CohortRedisProperties {
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
        password = password == null || password.isEmpty() ? null : password;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CohortRedisProperties[enabled=" + enabled + ", url=" + url + ", password="
                + (password == null ? "none" : "****") + ", keyPrefix=" + keyPrefix + ", connectTimeout="
                + connectTimeout + ", timeout=" + timeout + ", database=" + database + "]";
    }
}
