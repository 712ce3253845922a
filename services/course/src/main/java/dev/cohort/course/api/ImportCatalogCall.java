package dev.cohort.course.api;

import dev.cohort.course.app.CatalogImport;
import dev.cohort.course.domain.ImportTally;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.ImportError;
import io.grpc.stub.StreamObserver;

/**
 * One ImportCatalog call: records arrive one by one and are handed to the import session, which applies them in
 * batches while the stream goes on (gRPC delivers the next message only after this one was handled, which is the
 * back-pressure); the answer is sent when the client half-closes. An exception (e.g. too many records) ends the
 * call through the server's exception mapping; batches committed before stay, and a retry converges.
 */
final class ImportCatalogCall implements StreamObserver<ImportCatalogRequest> {

    private final CatalogImport.Session session;
    private final ImportRecords records;
    private final StreamObserver<ImportCatalogResponse> responses;
    private boolean ended;

    ImportCatalogCall(CatalogImport.Session session, ImportRecords records,
                      StreamObserver<ImportCatalogResponse> responses) {
        this.session = session;
        this.records = records;
        this.responses = responses;
    }

    @Override
    public void onNext(ImportCatalogRequest request) {
        if (ended) {
            return;
        }
        try {
            ImportRecords.Outcome outcome = records.read(request);
            if (outcome instanceof ImportRecords.Accepted accepted) {
                session.add(accepted.record());
            } else if (outcome instanceof ImportRecords.Rejected rejected) {
                session.reject(rejected.problems());
            }
        } catch (RuntimeException failure) {
            ended = true;
            throw failure;
        }
    }

    @Override
    public void onError(Throwable cancelled) {
        // The client went away: what is pending is dropped; committed batches stay (a retry converges).
        ended = true;
    }

    @Override
    public void onCompleted() {
        if (ended) {
            return;
        }
        ended = true;
        ImportTally tally = session.finish();
        responses.onNext(ImportCatalogResponse.newBuilder()
                .setRecordCount(tally.receivedCount())
                .setCreatedCount(tally.createdCount())
                .setUpdatedCount(tally.updatedCount())
                .setUnchangedCount(tally.unchangedCount())
                .setFailedCount(tally.failedCount())
                .addAllErrors(tally.problems().stream().map(indexed -> ImportError.newBuilder()
                        .setIndex(indexed.index())
                        .setReason(indexed.problem().reason())
                        .setField(indexed.problem().field())
                        .setDescription(indexed.problem().description())
                        .build()).toList())
                .setErrorsTruncated(tally.truncated())
                .build());
        responses.onCompleted();
    }
}
