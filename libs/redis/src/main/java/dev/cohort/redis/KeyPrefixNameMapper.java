package dev.cohort.redis;

import org.redisson.config.NameMapper;

/** Puts a fixed prefix in front of every Redisson object name, and takes it off names read back. */
public final class KeyPrefixNameMapper implements NameMapper {
    private final String prefix;

    private KeyPrefixNameMapper(String prefix) {
        this.prefix = prefix;
    }

    /** {@link NameMapper#direct()} for an empty prefix. */
    public static NameMapper of(String prefix) {
        return prefix == null || prefix.isEmpty() ? NameMapper.direct() : new KeyPrefixNameMapper(prefix);
    }

    @Override
    public String map(String name) {
        return prefix + name;
    }

    @Override
    public String unmap(String name) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
