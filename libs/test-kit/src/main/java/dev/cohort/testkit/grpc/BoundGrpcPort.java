package dev.cohort.testkit.grpc;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The port a service's gRPC server bound. Service tests ask for port 0 (so parallel runs never collide) and
 * declare this as a bean to learn which port they got; a test that starts a service itself passes it to
 * {@code SpringApplication.listeners(...)} and reads it once {@code run} returned (the server starts during it).
 */
public final class BoundGrpcPort implements ApplicationListener<GrpcServerStartedEvent> {

    private final AtomicInteger port = new AtomicInteger(-1);

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
        // An in-process server, should one be configured too, has no port.
        if (event.getPort() > 0) {
            port.set(event.getPort());
        }
    }

    /** The bound port, or -1 before the server started. */
    public int get() {
        return port.get();
    }
}
