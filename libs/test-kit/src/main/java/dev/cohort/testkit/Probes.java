package dev.cohort.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.testcontainers.DockerClientFactory;

/** Cheap checks for what this machine offers. */
final class Probes {
    static final int CONNECT_TIMEOUT_MILLIS = 300;

    private static final Lazy<Boolean> DOCKER = new Lazy<>(Probes::askDocker);

    private Probes() {
    }

    /** True when something accepts a TCP connection on host:port within ~300 ms. */
    static boolean portOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether Testcontainers can reach a Docker engine; asked once per JVM. */
    static boolean dockerAvailable() {
        return DOCKER.get();
    }

    private static Boolean askDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
