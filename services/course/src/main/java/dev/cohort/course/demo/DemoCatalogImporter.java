package dev.cohort.course.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the demo catalog (terms, 150 courses in 10 departments, their sections and lessons; classpath
 * {@value #RESOURCE}, one ImportCatalogRequest in proto JSON per line) into a running course service through
 * ImportCatalog, exactly as any importer would. Importing is idempotent, so it is safe to run on every start:
 * after the first time every record comes back unchanged.
 *
 * <p>From code: {@code DemoCatalogImporter.importInto(channel, adminAccessToken)}. From a shell:
 * {@code java -cp <course jar and dependencies> dev.cohort.course.demo.DemoCatalogImporter [target]} with the
 * access token of an admin or instructor in {@code COHORT_ACCESS_TOKEN}; the target defaults to
 * {@code 127.0.0.1:9103}.
 */
public final class DemoCatalogImporter {

    public static final String RESOURCE = "demo/catalog.ndjson";
    static final Duration DEADLINE = Duration.ofMinutes(2);

    private DemoCatalogImporter() {
    }

    /** Streams the demo catalog to the course service behind {@code channel}. */
    public static ImportCatalogResponse importInto(Channel channel, String accessToken) {
        return CatalogImportClient.send(channel, accessToken, records().iterator(), DEADLINE);
    }

    /** The demo catalog's records, in file order (terms, courses, sections, modules). */
    public static List<ImportCatalogRequest> records() {
        InputStream stream = DemoCatalogImporter.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath");
        }
        List<ImportCatalogRequest> records = new ArrayList<>();
        JsonFormat.Parser parser = JsonFormat.parser();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                ImportCatalogRequest.Builder record = ImportCatalogRequest.newBuilder();
                try {
                    parser.merge(line, record);
                } catch (InvalidProtocolBufferException malformed) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": " + malformed.getMessage(),
                            malformed);
                }
                records.add(record.build());
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return records;
    }

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "127.0.0.1:9103";
        String token = System.getenv("COHORT_ACCESS_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("Set COHORT_ACCESS_TOKEN to the access token of an admin or instructor.");
            System.exit(2);
        }
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            ImportCatalogResponse answer = importInto(channel, token);
            System.out.printf("Demo catalog: %d records, %d created, %d updated, %d unchanged, %d failed%n",
                    answer.getRecordCount(), answer.getCreatedCount(), answer.getUpdatedCount(),
                    answer.getUnchangedCount(), answer.getFailedCount());
            answer.getErrorsList().forEach(error -> System.out.printf("  record %d: %s %s %s%n", error.getIndex(),
                    error.getReason(), error.getField(), error.getDescription()));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
