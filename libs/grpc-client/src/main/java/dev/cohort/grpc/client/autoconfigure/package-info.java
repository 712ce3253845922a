/**
 * Spring Boot integration: Cohort's client conventions on every channel of Boot's {@code GrpcChannelFactory}.
 *
 * <p>Cohort's own properties ({@link dev.cohort.grpc.client.autoconfigure.CohortGrpcClientProperties}):
 * {@code cohort.grpc.client.enabled}, {@code .default-deadline}, {@code .max-attempts}, {@code .initial-backoff},
 * {@code .max-backoff}, {@code .backoff-multiplier}.
 *
 * <p>Channels themselves are Boot's (spring-boot-grpc-client 4.1.0, {@code spring.grpc.client.*}): a channel is
 * declared by name as {@code spring.grpc.client.channel.<name>.target} (e.g. {@code static://localhost:9103} or
 * {@code dns:///course:9103}; Boot's default is {@code static://localhost:9090}) and can set, per channel,
 * {@code .default.deadline}, {@code .default.load-balancing-policy}, {@code .keepalive.time} (Boot default 5m),
 * {@code .keepalive.timeout} (20s), {@code .keepalive.without-calls}, {@code .idle.timeout} (20s),
 * {@code .inbound.message.max-size} (4MB), {@code .inbound.metadata.max-size}, {@code .user-agent},
 * {@code .service-config.*} ({@code method}, {@code loadbalancing}, {@code retrythrottling}, {@code healthcheck}),
 * {@code .health.enabled}, {@code .health.service-name}, {@code .ssl.enabled}, {@code .ssl.bundle},
 * {@code .bypass-certificate-validation}. A channel named {@code default} supplies the values of every channel not
 * declared by name. Global switches: {@code spring.grpc.client.enabled}, {@code .channelfactory.enabled},
 * {@code .inprocess.enabled}, {@code .observation.enabled}.
 *
 * <p>How the two compose: Boot's per-channel settings win, Cohort's fill in the gaps. A channel's own
 * {@code default.deadline} replaces {@code cohort.grpc.client.default-deadline} for that channel; a channel whose
 * {@code service-config.method} already has an "all methods" entry keeps it, otherwise Cohort's retry policy is
 * added next to its entries (more specific names win in gRPC). Keepalive and message size stay Boot's properties;
 * to match {@link dev.cohort.grpc.client.CohortChannels} set {@code spring.grpc.client.channel.default.keepalive.time=30s}
 * and {@code .keepalive.timeout=10s}.
 */
package dev.cohort.grpc.client.autoconfigure;
