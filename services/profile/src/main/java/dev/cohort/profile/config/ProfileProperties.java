package dev.cohort.profile.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.profile.*}.
 *
 * @param consumersEnabled whether to consume identity's registrations and the course, group and chat memberships
 *                         that make people classmates (off only in tests that do not run Kafka)
 * @param avatarUploadsPerHour   avatar uploads one person may start per hour (CreateAvatarUpload)
 * @param avatarUploadValidity   how long an upload's presigned PUT and its id stay valid
 * @param avatarUrlValidity      how long the presigned GET URLs of avatar images in answers stay valid (each is
 *                               reused for half of it)
 * @param avatarUploadSweepInterval how often expired avatar uploads are swept from the object store
 * @param avatarUploadSweepMargin  how long after an upload expired its object is swept (a PUT sent just before
 *                                 expiry may still be arriving)
 * @param avatarUploadSweepBatch   the most uploads one sweep round clears
 */
@ConfigurationProperties("cohort.profile")
public record ProfileProperties(@DefaultValue("true") boolean consumersEnabled,
                                @DefaultValue("20") int avatarUploadsPerHour,
                                @DefaultValue("10m") java.time.Duration avatarUploadValidity,
                                @DefaultValue("1h") java.time.Duration avatarUrlValidity,
                                @DefaultValue("5m") java.time.Duration avatarUploadSweepInterval,
                                @DefaultValue("10m") java.time.Duration avatarUploadSweepMargin,
                                @DefaultValue("200") int avatarUploadSweepBatch) {
}
