package dev.cohort.testkit;

/** Where a test server came from. */
public enum InfrastructureMode {
    /** A server that was already listening on localhost (this project's machines and CI). */
    LOCAL,
    /** A container started through Testcontainers, because a Docker engine is reachable. */
    TESTCONTAINERS,
    /** A server started from binaries shipped in a Maven artifact, inside this JVM's lifetime. */
    EMBEDDED
}
