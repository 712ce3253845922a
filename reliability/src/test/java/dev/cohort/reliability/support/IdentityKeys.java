package dev.cohort.reliability.support;

import dev.cohort.auth.JwkConversions;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.testkit.auth.TestAccessTokens;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Identity as the services see it when they verify tokens: {@code IdentityService/GetJwks} on a free port of
 * 127.0.0.1, serving the public key of a {@link TestAccessTokens} issuer. The child processes find it through
 * {@code cohort.auth.jwks-target}, exactly as they find identity in production; every other RPC is UNIMPLEMENTED.
 */
public final class IdentityKeys implements AutoCloseable {

    private final TestAccessTokens tokens = new TestAccessTokens();
    private final Server server;

    public IdentityKeys() {
        GetJwksResponse keys = JwkConversions.toProto(tokens.jwkSet());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new IdentityServiceGrpc.IdentityServiceImplBase() {
                    @Override
                    public void getJwks(GetJwksRequest request, StreamObserver<GetJwksResponse> response) {
                        response.onNext(keys);
                        response.onCompleted();
                    }
                })
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the test JWK Set", e);
        }
    }

    /** The issuer whose tokens the services accept. */
    public TestAccessTokens tokens() {
        return tokens;
    }

    /** {@code cohort.auth.jwks-target} for the services. */
    public String target() {
        return "dns:///127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
