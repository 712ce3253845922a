package dev.cohort.devstack;

import dev.cohort.course.demo.DemoCatalogImporter;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a newcomer finds on the first start: the demo catalog, imported through course's {@code ImportCatalog} as
 * the admin, and a few student accounts. Done once per data folder (a marker file records it); the accounts'
 * passwords are generated into the local secrets and printed at every start.
 */
final class DemoData {

    /** A demo sign-in. */
    record Account(String email, String password) {
    }

    static final List<String> STUDENTS = List.of("ada@cohort.local", "grace@cohort.local", "alan@cohort.local");

    private final StackSettings settings;
    private final LocalSecrets secrets;

    DemoData(StackSettings settings, LocalSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /** Seeds on the first start; returns the demo accounts either way. */
    List<Account> seedOnce(String adminPassword) throws IOException {
        List<Account> accounts = new ArrayList<>();
        for (String email : STUDENTS) {
            accounts.add(new Account(email, secrets.password("demo-" + email.substring(0, email.indexOf('@')))));
        }
        Path marker = settings.dataDir("demo-data-seeded");
        if (Files.exists(marker)) {
            return accounts;
        }
        ManagedChannel identity = channel(settings.identityPort());
        ManagedChannel course = channel(settings.coursePort());
        try {
            var identityStub = IdentityServiceGrpc.newBlockingStub(identity);
            for (Account account : accounts) {
                register(identityStub, account);
            }
            String adminToken = identityStub.withDeadlineAfter(20, TimeUnit.SECONDS).login(LoginRequest.newBuilder()
                    .setEmail(LocalStack.ADMIN_EMAIL).setPassword(adminPassword).build()).getTokens().getAccessToken();
            ImportCatalogResponse imported = DemoCatalogImporter.importInto(course, adminToken);
            if (imported.getErrorsCount() > 0) {
                throw new IllegalStateException("the demo catalog had " + imported.getErrorsCount() + " bad records");
            }
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, imported.toString());
            return accounts;
        } finally {
            identity.shutdownNow();
            course.shutdownNow();
        }
    }

    private static void register(IdentityServiceGrpc.IdentityServiceBlockingStub identity, Account account) {
        String name = account.email().substring(0, 1).toUpperCase() + account.email().substring(1, account.email().indexOf('@'));
        try {
            identity.withDeadlineAfter(20, TimeUnit.SECONDS).register(RegisterRequest.newBuilder()
                    .setEmail(account.email()).setPassword(account.password()).setDisplayName(name).build());
        } catch (StatusRuntimeException error) {
            if (error.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw error;
            }
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
