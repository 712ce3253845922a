package dev.cohort.contracttests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the contract tests read. Surefire passes each location as a system property (see
 * pom.xml); the defaults let a test also run from an IDE whose working directory is this module.
 */
final class ContractPaths {

    private ContractPaths() {
    }

    /** This module's directory: package.json, node_modules/, node/. */
    static Path moduleDir() {
        return path("cohort.contracts.module-dir", ".");
    }

    /** The repository's buf module, {@code proto/}, read as source. */
    static Path protoDir() {
        return path("cohort.contracts.proto-dir", "../proto");
    }

    /** The Avro schemas of the events, {@code schemas/avro/src/main/avro/}, read as source. */
    static Path avroDir() {
        return path("cohort.contracts.avro-dir", "../schemas/avro/src/main/avro");
    }

    /** The descriptor set of cohort-proto, copied from its Maven artifact. */
    static Path descriptorSet() {
        return existing(path("cohort.contracts.descriptor", "target/descriptors/cohort.binpb"));
    }

    /** The .proto files our protos import (google/api, google/rpc, buf/validate), unpacked from their jars. */
    static Path protoImports() {
        return existing(path("cohort.contracts.proto-imports", "target/proto-imports"));
    }

    /** The browser app, {@code web-grpc-ui/}, as its own build left it (node_modules/, src/gen/). */
    static Path webAppDir() {
        Path dir = path("cohort.contracts.web-app-dir", "../web-grpc-ui");
        return existing(existing(dir).resolve("node_modules")).getParent();
    }

    /** Scratch space under target/ for files the tests write. */
    static Path workDir() {
        return path("cohort.contracts.work-dir", "target/contract-work");
    }

    /** An executable installed by {@code npm ci}, e.g. {@code buf}. */
    static Path nodeBin(String name) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return existing(moduleDir().resolve("node_modules/.bin").resolve(windows ? name + ".cmd" : name));
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: run the tests through Maven"
                    + " (./mvnw -pl contract-tests verify), which runs npm ci and copies the proto artifacts");
        }
        return path;
    }
}
