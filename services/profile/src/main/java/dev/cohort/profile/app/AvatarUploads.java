package dev.cohort.profile.app;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.media.AvatarImages;
import dev.cohort.media.ImageRejectedException;
import dev.cohort.media.ImageTooLargeException;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.objectstore.ObjectTooLargeException;
import dev.cohort.objectstore.PresignedUpload;
import dev.cohort.objectstore.StoredObject;
import dev.cohort.profile.domain.AvatarKeys;
import dev.cohort.profile.domain.StoredAvatar;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.store.AvatarUploadEntity;
import dev.cohort.profile.store.AvatarUploadRepository;
import dev.cohort.profile.store.ProfileEntity;
import dev.cohort.profile.store.ProfileRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Avatars: an upload is handed out as a presigned PUT (bound to a declared type and exact length), then confirmed.
 * Confirming reads what arrived with a bounded read, judges it by its bytes alone (libs/media), re-encodes it into
 * the four sizes without metadata, stores them under new immutable keys, and only then, in one transaction, marks
 * the upload used, sets the avatar on the profile and writes ProfileUpdated to the outbox. The original upload and
 * the previous version's images are deleted after the commit (a failed delete leaves garbage, never a broken
 * avatar). The store is never called inside a database transaction.
 */
public class AvatarUploads {

    /** The most an upload may have: 5 MiB. */
    public static final long MAX_BYTES = AvatarImages.Limits.AVATAR.maxBytes();

    static final String AVATAR_UPLOAD_NOT_FOUND = "AVATAR_UPLOAD_NOT_FOUND";
    static final String AVATAR_NOT_UPLOADED = "AVATAR_NOT_UPLOADED";
    static final String AVATAR_NOT_AN_IMAGE = "AVATAR_NOT_AN_IMAGE";
    static final String AVATAR_TOO_LARGE = "AVATAR_TOO_LARGE";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Logger log = LoggerFactory.getLogger(AvatarUploads.class);

    /** What the client needs to PUT the picture. */
    public record UploadTicket(UUID uploadId, PresignedUpload upload) {
    }

    private final ProfileRepository profiles;
    private final AvatarUploadRepository uploads;
    private final ProfileQueries queries;
    private final ProfileEvents events;
    private final ObjectStore store;
    private final AvatarImages images;
    private final AvatarUploadRateLimit rateLimit;
    private final TransactionTemplate transactions;
    private final Duration uploadValidity;
    private final Clock clock;

    public AvatarUploads(ProfileRepository profiles, AvatarUploadRepository uploads, ProfileQueries queries,
                         ProfileEvents events, ObjectStore store, AvatarImages images,
                         AvatarUploadRateLimit rateLimit, TransactionTemplate transactions, Duration uploadValidity,
                         Clock clock) {
        this.profiles = profiles;
        this.uploads = uploads;
        this.queries = queries;
        this.events = events;
        this.store = store;
        this.images = images;
        this.rateLimit = rateLimit;
        this.transactions = transactions;
        this.uploadValidity = uploadValidity;
        this.clock = clock;
    }

    /**
     * A presigned PUT for {@code contentLength} bytes of {@code contentType} (the contract has already checked
     * both; checked again here so no caller of this class can get past the limits).
     */
    public UploadTicket create(UUID caller, String contentType, long contentLength) {
        if (contentLength <= 0 || contentLength > MAX_BYTES) {
            throw InvalidArgumentException.of(AVATAR_TOO_LARGE, "content_length",
                    "an avatar has 1 to " + MAX_BYTES + " bytes");
        }
        if (dev.cohort.media.ImageFormat.forContentType(contentType) == null) {
            throw InvalidArgumentException.of(AVATAR_NOT_AN_IMAGE, "content_type",
                    "an avatar is image/jpeg, image/png or image/webp");
        }
        if (!profiles.existsById(caller)) {
            throw ProfileErrors.notReady();
        }
        rateLimit.acquire(caller);
        UUID uploadId = UUID.randomUUID();
        String key = AvatarKeys.upload(caller, uploadId);
        Instant now = clock.instant();
        PresignedUpload upload = store.presignPut(key, contentType, contentLength, uploadValidity);
        transactions.executeWithoutResult(status -> uploads.save(new AvatarUploadEntity(uploadId, caller,
                contentType, contentLength, key, now, upload.expiresAt())));
        return new UploadTicket(uploadId, upload);
    }

    /** Checks and publishes the picture of {@code uploadId} as the caller's avatar. */
    public ProfileView confirm(UUID caller, UUID uploadId) {
        AvatarUploadEntity upload = transactions.execute(status -> usable(caller, uploadId));
        String key = upload.objectKey();
        StoredObject stored = store.head(key).orElseThrow(() -> new FailedPreconditionException(AVATAR_NOT_UPLOADED,
                "nothing was uploaded for this upload yet: PUT the picture to its URL first"));
        if (stored.size() > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            bytes = store.get(key, MAX_BYTES).orElseThrow(() -> new FailedPreconditionException(AVATAR_NOT_UPLOADED,
                    "nothing was uploaded for this upload yet: PUT the picture to its URL first"));
        } catch (ObjectTooLargeException tooBig) {
            throw tooLarge();
        }
        AvatarImages.Avatar avatar;
        try {
            avatar = images.process(bytes);
        } catch (ImageTooLargeException tooBig) {
            throw tooLarge();
        } catch (ImageRejectedException rejected) {
            throw InvalidArgumentException.of(AVATAR_NOT_AN_IMAGE, "upload_id",
                    "the upload is not a JPEG, PNG or WebP picture that can be read");
        }

        Instant now = clock.instant();
        StoredAvatar next = new StoredAvatar(UUID.randomUUID(), avatar.renditions().get(0).extension(), now);
        List<String> written = new ArrayList<>();
        for (AvatarImages.Rendition rendition : avatar.renditions()) {
            String imageKey = next.key(caller, rendition.size());
            store.put(imageKey, rendition.bytes(), rendition.contentType(), IMMUTABLE);
            written.add(imageKey);
        }

        StoredAvatar previous;
        try {
            previous = transactions.execute(status -> {
                AvatarUploadEntity locked = uploads.findForUpdate(uploadId)
                        .filter(found -> found.usableBy(caller, clock.instant()))
                        .orElseThrow(() -> uploadNotFound(uploadId));
                locked.markUsed();
                ProfileEntity profile = profiles.findForUpdate(caller).orElseThrow(ProfileErrors::notReady);
                StoredAvatar before = profile.avatar();
                profile.changeAvatar(next, now);
                profiles.flush();
                events.avatarChanged(caller, profile.fields(), next, now);
                return before;
            });
        } catch (RuntimeException failed) {
            written.forEach(this::deleteQuietly);
            throw failed;
        }
        deleteQuietly(key);
        deleteImages(caller, previous);
        return queries.mine(caller);
    }

    /** Takes the caller's avatar away; nothing happens (and nothing is published) when there is none. */
    public ProfileView remove(UUID caller) {
        StoredAvatar previous = transactions.execute(status -> {
            ProfileEntity profile = profiles.findForUpdate(caller).orElseThrow(ProfileErrors::notReady);
            StoredAvatar before = profile.avatar();
            if (before != null) {
                Instant now = clock.instant();
                profile.changeAvatar(null, now);
                profiles.flush();
                events.avatarChanged(caller, profile.fields(), null, now);
            }
            return before;
        });
        deleteImages(caller, previous);
        return queries.mine(caller);
    }

    private AvatarUploadEntity usable(UUID caller, UUID uploadId) {
        return uploads.findById(uploadId).filter(found -> found.usableBy(caller, clock.instant()))
                .orElseThrow(() -> uploadNotFound(uploadId));
    }

    private void deleteImages(UUID owner, StoredAvatar avatar) {
        if (avatar != null) {
            for (int size : StoredAvatar.SIZES) {
                deleteQuietly(avatar.key(owner, size));
            }
        }
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException failure) {
            log.warn("Could not delete {} from the object store; it stays as garbage", key, failure);
        }
    }

    /** The same answer for an unknown, expired, used or another person's upload id. */
    private static NotFoundException uploadNotFound(UUID uploadId) {
        return new NotFoundException(AVATAR_UPLOAD_NOT_FOUND, "no such avatar upload: " + uploadId,
                Map.of("uploadId", uploadId.toString()));
    }

    private static InvalidArgumentException tooLarge() {
        return InvalidArgumentException.of(AVATAR_TOO_LARGE, "upload_id",
                "the picture has more than " + MAX_BYTES + " bytes or too many pixels");
    }
}
