package dev.cohort.identity.store;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface UserRepository extends JpaRepository<UserEntity, UUID> {

    Optional<UserEntity> findByEmail(String normalisedEmail);

    boolean existsByEmail(String normalisedEmail);
}
