package dev.cohort.grpc.server;

import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Service;

/** A client-streaming service that keeps every message it is handed, to show what validation lets through. */
@Service
class FakeCourseService extends CourseServiceGrpc.CourseServiceImplBase {

    final List<ImportCatalogRequest> received = new CopyOnWriteArrayList<>();

    @Override
    public StreamObserver<ImportCatalogRequest> importCatalog(StreamObserver<ImportCatalogResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ImportCatalogRequest record) {
                received.add(record);
            }

            @Override
            public void onError(Throwable cause) {
            }

            @Override
            public void onCompleted() {
                responses.onNext(ImportCatalogResponse.newBuilder().setRecordCount(received.size()).build());
                responses.onCompleted();
            }
        };
    }
}
