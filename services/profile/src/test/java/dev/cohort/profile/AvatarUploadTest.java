package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.ProfileClient.reason;
import static dev.cohort.testkit.images.TestImages.GPS_LATITUDE;
import static dev.cohort.testkit.images.TestImages.indexOf;
import static dev.cohort.testkit.images.TestImages.jpeg;
import static dev.cohort.testkit.images.TestImages.picture;
import static dev.cohort.testkit.images.TestImages.png;
import static dev.cohort.testkit.images.TestImages.segments;
import static dev.cohort.testkit.images.TestImages.withExif;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.domain.AvatarKeys;
import dev.cohort.profile.v1.Avatar;
import dev.cohort.profile.v1.ConfirmAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadRequest;
import dev.cohort.profile.v1.CreateAvatarUploadResponse;
import dev.cohort.profile.v1.GetMyProfileRequest;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.RemoveAvatarRequest;
import dev.cohort.profile.app.AvatarUploadSweep;
import dev.cohort.profile.config.ProfileProperties;
import dev.cohort.profile.store.AvatarUploadRepository;
import dev.cohort.testkit.images.TestImages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Avatars end to end on real servers (S3Proxy from the test kit, PostgreSQL, Redis): a presigned PUT sent with
 * plain HTTP, then ConfirmAvatarUpload, which judges the upload by its bytes and publishes four square sizes
 * with no metadata, fetchable by their URLs.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvatarUploadTest extends ProfileServiceTest {

    private static final long FIVE_MIB = 5L * 1024 * 1024;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, AvatarUploadTest.class, false);
    }

    @Autowired
    ObjectStore store;
    @Autowired
    AvatarUploadSweep sweep;
    @Autowired
    AvatarUploadRepository uploadRecords;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    ProfileProperties properties;
    @Autowired
    Clock clock;
    final HttpClient http = HttpClient.newHttpClient();


    @Test
    void aJpegWithALocationBecomesFourSquareSizesWithoutMetadataFetchableByUrl() throws Exception {
        UUID ada = people.register("Ada Lovelace");
        byte[] upload = withExif(jpeg(picture(300, 200, Color.ORANGE)), TestImages.UPRIGHT);
        assertThat(indexOf(upload, GPS_LATITUDE)).as("the upload carries a location").isPositive();

        CreateAvatarUploadResponse created = create(ada, "image/jpeg", upload.length);
        assertThat(put(created, "image/jpeg", upload)).isEqualTo(200);
        Profile profile = confirm(ada, created.getUploadId());

        Avatar avatar = profile.getAvatar();
        assertThat(avatar.hasUpdateTime()).isTrue();
        Map<Integer, String> urls = Map.of(32, avatar.getUrl32(), 64, avatar.getUrl64(), 128, avatar.getUrl128(),
                256, avatar.getUrl256());
        for (var entry : urls.entrySet()) {
            HttpResponse<byte[]> image = get(entry.getValue());
            assertThat(image.statusCode()).as("GET %s", entry.getValue()).isEqualTo(200);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
            assertThat(decoded.getWidth()).isEqualTo(entry.getKey());
            assertThat(decoded.getHeight()).isEqualTo(entry.getKey());
            assertThat(segments(image.body())).as("no APP1 (EXIF) segment").doesNotContain(0xe1);
            assertThat(indexOf(image.body(), GPS_LATITUDE)).isNegative();
        }
        assertThat(store.head(AvatarKeys.upload(ada, UUID.fromString(created.getUploadId()))))
                .as("the original upload is deleted").isEmpty();
        assertThat(mine(ada).getAvatar().getUrl256()).as("GetMyProfile shows it too").isNotEmpty();

        StatusRuntimeException again = failure(() -> confirm(ada, created.getUploadId()));
        assertThat(again.getStatus().getCode()).as("an upload is used once").isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aNewPictureReplacesTheOldOneWhoseImagesAreDeleted() throws Exception {
        UUID grace = people.register("Grace Hopper");
        String first = upload(grace, png(picture(64, 64, Color.BLUE))).getAvatar().getUrl64();
        String second = upload(grace, png(picture(80, 80, Color.GREEN))).getAvatar().getUrl64();

        assertThat(second).isNotEqualTo(first);
        assertThat(get(second).statusCode()).isEqualTo(200);
        assertThat(get(first).statusCode()).as("the previous version is deleted").isEqualTo(404);
    }

    @Test
    void aTextFileDeclaredAsPngIsNotAnImageAndChangesNothing() throws Exception {
        UUID alan = people.register("Alan Turing");
        byte[] text = "hello, I am not a picture\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        CreateAvatarUploadResponse created = create(alan, "image/png", text.length);
        assertThat(put(created, "image/png", text)).isEqualTo(200);

        StatusRuntimeException error = failure(() -> confirm(alan, created.getUploadId()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("AVATAR_NOT_AN_IMAGE");
        assertThat(mine(alan).hasAvatar()).isFalse();
    }

    @Test
    void aDeclaredLengthAboveFiveMebibytesIsRefusedAtCreate() {
        UUID edsger = people.register("Edsger Dijkstra");
        StatusRuntimeException error = failure(() -> create(edsger, "image/jpeg", FIVE_MIB + 1));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        StatusRuntimeException wrongType = failure(() -> create(edsger, "text/plain", 100));
        assertThat(wrongType.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aPutLongerThanDeclaredIsRefusedByTheStore() throws Exception {
        UUID barbara = people.register("Barbara Liskov");
        byte[] picture = png(picture(64, 64, Color.RED));
        CreateAvatarUploadResponse created = create(barbara, "image/png", picture.length - 10);

        assertThat(put(created, "image/png", picture)).isGreaterThanOrEqualTo(400);
        StatusRuntimeException error = failure(() -> confirm(barbara, created.getUploadId()));
        assertThat(error.getStatus().getCode()).as("nothing was stored").isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("AVATAR_NOT_UPLOADED");
    }

    @Test
    void anObjectOverFiveMebibytesIsRefusedAtConfirm() {
        UUID donald = people.register("Donald Knuth");
        CreateAvatarUploadResponse created = create(donald, "image/jpeg", 1000);
        byte[] huge = new byte[(int) FIVE_MIB + 1];
        huge[0] = (byte) 0xff;
        huge[1] = (byte) 0xd8;
        huge[2] = (byte) 0xff;
        store.put(AvatarKeys.upload(donald, UUID.fromString(created.getUploadId())), huge, "image/jpeg");

        StatusRuntimeException error = failure(() -> confirm(donald, created.getUploadId()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("AVATAR_TOO_LARGE");
        assertThat(mine(donald).hasAvatar()).isFalse();
    }

    @Test
    void anotherPersonsUploadIdAnswersExactlyLikeAnUnknownOne() throws Exception {
        UUID owner = people.register("Katherine Johnson");
        UUID other = people.register("Dorothy Vaughan");
        byte[] picture = png(picture(64, 64, Color.RED));
        CreateAvatarUploadResponse created = create(owner, "image/png", picture.length);
        put(created, "image/png", picture);

        StatusRuntimeException others = failure(() -> confirm(other, created.getUploadId()));
        String unknownId = UUID.randomUUID().toString();
        StatusRuntimeException unknown = failure(() -> confirm(other, unknownId));

        assertThat(others.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(others)).isEqualTo(reason(unknown)).isEqualTo("AVATAR_UPLOAD_NOT_FOUND");
        assertThat(others.getStatus().getDescription().replace(created.getUploadId(), "<id>"))
                .isEqualTo(unknown.getStatus().getDescription().replace(unknownId, "<id>"));
        assertThat(mine(other).hasAvatar()).isFalse();
        assertThat(confirm(owner, created.getUploadId()).hasAvatar()).as("still the owner's to use").isTrue();
    }

    @Test
    void removingTheAvatarTakesItAwayAndIsIdempotent() throws Exception {
        UUID margaret = people.register("Margaret Hamilton");
        String url = upload(margaret, png(picture(64, 64, Color.CYAN))).getAvatar().getUrl128();

        Profile removed = client.as(margaret).removeAvatar(RemoveAvatarRequest.getDefaultInstance()).getProfile();
        Profile again = client.as(margaret).removeAvatar(RemoveAvatarRequest.getDefaultInstance()).getProfile();

        assertThat(removed.hasAvatar()).isFalse();
        assertThat(again.hasAvatar()).isFalse();
        assertThat(get(url).statusCode()).as("its images are deleted").isEqualTo(404);
    }

    @Test
    void uploadsNeverConfirmedAreDeletedFromTheStoreOnceTheirLifetimeAndAMarginHavePassed() throws Exception {
        UUID hedy = people.register("Hedy Lamarr");
        byte[] picture = png(picture(64, 64, Color.MAGENTA));
        CreateAvatarUploadResponse abandoned = create(hedy, "image/png", picture.length);
        assertThat(put(abandoned, "image/png", picture)).isEqualTo(200);
        String key = AvatarKeys.upload(hedy, UUID.fromString(abandoned.getUploadId()));
        Profile confirmed = upload(hedy, png(picture(48, 48, Color.PINK)));
        Duration margin = properties.avatarUploadSweepMargin();
        Instant expiry = Instant.ofEpochSecond(abandoned.getExpireTime().getSeconds(),
                abandoned.getExpireTime().getNanos());

        sweep.sweep(expiry.plus(margin).minusSeconds(1));
        assertThat(store.head(key)).as("until its lifetime and the margin are over, a PUT may still be arriving")
                .isPresent();

        // Rounds of one upload each (every upload of this class is due by then), until a round finds none.
        AvatarUploadSweep oneAtATime = new AvatarUploadSweep(uploadRecords, store,
                new TransactionTemplate(transactionManager), margin, 1, clock);
        Instant later = expiry.plus(margin).plusSeconds(1);
        int rounds = 0;
        while (rounds < 100 && oneAtATime.sweep(later) == 1) {
            rounds++;
        }
        assertThat(rounds).as("the abandoned and the confirmed upload at least, one per round").isBetween(2, 99);
        assertThat(store.head(key)).as("the abandoned upload's object is deleted").isEmpty();
        assertThat(get(confirmed.getAvatar().getUrl64()).statusCode()).as("a confirmed avatar's images stay")
                .isEqualTo(200);
        assertThat(sweep.sweep(later)).as("a repeated sweep finds nothing and changes nothing").isZero();
        StatusRuntimeException late = failure(() -> confirm(hedy, abandoned.getUploadId()));
        assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    // ---- the flow a client follows ----

    private Profile upload(UUID caller, byte[] png) throws Exception {
        CreateAvatarUploadResponse created = create(caller, "image/png", png.length);
        assertThat(put(created, "image/png", png)).isEqualTo(200);
        return confirm(caller, created.getUploadId());
    }

    private CreateAvatarUploadResponse create(UUID caller, String type, long length) {
        return client.as(caller).createAvatarUpload(CreateAvatarUploadRequest.newBuilder().setContentType(type)
                .setContentLength(length).build());
    }

    private Profile confirm(UUID caller, String uploadId) {
        return client.as(caller).confirmAvatarUpload(ConfirmAvatarUploadRequest.newBuilder().setUploadId(uploadId)
                .build()).getProfile();
    }

    private Profile mine(UUID caller) {
        return client.as(caller).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile();
    }

    /** PUTs {@code body} to the presigned URL as a browser would; answers the store's HTTP status. */
    private int put(CreateAvatarUploadResponse created, String type, byte[] body) throws Exception {
        assertThat(created.getRequiredHeadersMap()).containsEntry("content-type", type);
        HttpRequest request = HttpRequest.newBuilder(URI.create(created.getUploadUrl()))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
