/**
 * The one way Cohort services open gRPC channels to each other.
 *
 * <p>Every call gets a deadline ({@link dev.cohort.grpc.client.DefaultDeadlineInterceptor}: 5 s unless the caller
 * or the request being served already has one), is retried by gRPC itself only when it fails with
 * {@code UNAVAILABLE} ({@link dev.cohort.grpc.client.RetryServiceConfig}, at most 3 attempts with exponential
 * backoff by default), and carries a W3C {@code traceparent} and is a CLIENT span of the service's trace
 * (OpenTelemetry's gRPC instrumentation through {@link dev.cohort.telemetry.CohortTelemetry}, ADR 61). {@link dev.cohort.grpc.client.ClientSettings}
 * holds the numbers; {@link dev.cohort.grpc.client.CohortChannels} builds a channel outside Spring, and
 * {@link dev.cohort.grpc.client.autoconfigure.CohortGrpcClientAutoConfiguration} applies the same to Boot's
 * channels.
 *
 * <p>Retries are left to gRPC's service config rather than written by hand: gRPC knows whether a request was
 * already sent to the server's application and only replays it when that is safe, backs off with jitter, and
 * counts all attempts against the one call deadline. Note that Istio may retry too
 * (its default route retry policy includes {@code unavailable}); keep mesh retries off for gRPC routes or the two
 * multiply.
 */
package dev.cohort.grpc.client;
