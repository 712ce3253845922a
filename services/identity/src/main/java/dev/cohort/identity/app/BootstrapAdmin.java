package dev.cohort.identity.app;

import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.EmailAddress;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.store.UserRepository;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the configured admin account on first start, so a new deployment can be administered at all. */
public class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final IdentityProperties.BootstrapAdmin settings;
    private final UserRepository users;
    private final RegistrationService registration;

    public BootstrapAdmin(IdentityProperties.BootstrapAdmin settings, UserRepository users,
                          RegistrationService registration) {
        this.settings = settings;
        this.users = users;
        this.registration = registration;
    }

    public void ensureExists() {
        if (!settings.configured() || users.existsByEmail(EmailAddress.normalise(settings.email()))) {
            return;
        }
        registration.createWithRoles(settings.email(), settings.password(), settings.displayName(),
                EnumSet.of(Role.ADMIN, Role.INSTRUCTOR));
        // No address in the log: logs are not where people's e-mail addresses belong (the log secret scan checks).
        log.info("created the bootstrap admin account (cohort.identity.bootstrap-admin.email)");
    }
}
