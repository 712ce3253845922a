package dev.cohort.bench.unary;

/** A way of reaching the services: gRPC to each service directly, or through the gateway as REST or gRPC-Web. */
interface Transport extends AutoCloseable {

    String name();

    /** Makes call number {@code n} of {@code rpc} as the population's caller and request for {@code n}. */
    UnaryCall call(Rpc rpc);

    @Override
    void close();
}
