package dev.cohort.course.demo;

import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams catalog records to ImportCatalog as fast as the server takes them (the sender follows gRPC flow
 * control: it writes only while the stream is ready, so a large file never piles up in memory).
 */
public final class CatalogImportClient {

    private CatalogImportClient() {
    }

    /**
     * Sends every record of {@code records} as the holder of {@code accessToken} (an admin or instructor) and
     * returns the service's answer. Throws the call's {@link StatusRuntimeException} when it fails.
     */
    public static ImportCatalogResponse send(Channel channel, String accessToken, Iterator<ImportCatalogRequest> records,
                                             Duration deadline) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        var stub = CourseServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        Sender sender = new Sender(records);
        stub.importCatalog(sender);
        try {
            return sender.result.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StatusRuntimeException status) {
                throw status;
            }
            throw new IllegalStateException("catalog import failed", failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing the catalog", interrupted);
        } catch (TimeoutException late) {
            throw new IllegalStateException("no answer from ImportCatalog within its deadline", late);
        }
    }

    private static final class Sender implements ClientResponseObserver<ImportCatalogRequest, ImportCatalogResponse> {
        private final Iterator<ImportCatalogRequest> records;
        private final CompletableFuture<ImportCatalogResponse> result = new CompletableFuture<>();
        private ClientCallStreamObserver<ImportCatalogRequest> requests;
        private ImportCatalogResponse response;
        private boolean halfClosed;

        Sender(Iterator<ImportCatalogRequest> records) {
            this.records = records;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ImportCatalogRequest> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(this::drain);
        }

        /** Writes while the transport has room; called again by gRPC whenever it has room anew. */
        private synchronized void drain() {
            while (!halfClosed && requests.isReady()) {
                if (!records.hasNext()) {
                    halfClosed = true;
                    requests.onCompleted();
                    return;
                }
                requests.onNext(records.next());
            }
        }

        @Override
        public void onNext(ImportCatalogResponse value) {
            response = value;
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            result.complete(response);
        }
    }
}
