package dev.cohort.grpc.server;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.context.ApplicationEvent;

/**
 * Health by service name: grpc-java's health service only knows the whole server ("") unless someone names the
 * services. Kubernetes' gRPC probes (deploy/istio) ask for the service itself, e.g. {@code cohort.chat.v1.ChatService},
 * so each service this application serves is SERVING once the application is ready (migrations done, consumers
 * started), and every name turns NOT_SERVING as soon as shutdown begins, before the server drains its calls, so
 * load balancers stop sending new ones.
 */
final class ServiceHealth implements SmartApplicationListener {

    private final HealthStatusManager health;
    private final List<BindableService> services;

    ServiceHealth(HealthStatusManager health, List<BindableService> services) {
        this.health = health;
        this.services = services;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationReadyEvent.class.isAssignableFrom(eventType) || ContextClosedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent) {
            for (BindableService service : services) {
                String name = service.bindService().getServiceDescriptor().getName();
                if (!name.startsWith("grpc.")) {
                    health.setStatus(name, ServingStatus.SERVING);
                }
            }
        } else {
            // Every name, the server's "" included, answers NOT_SERVING from now on.
            health.enterTerminalState();
        }
    }
}
