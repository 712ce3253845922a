package dev.cohort.paging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a page token is bound to: the list, the caller and every filter parameter of the request. A token is
 * accepted only with the same query it was issued for, so a client cannot carry a position from one list, filter
 * or person into another. The digest is canonical: each part is length-prefixed, so no two different queries can
 * spell the same bytes.
 */
public final class PageQuery {

    private static final byte[] DOMAIN = "cohort.page-query.v1".getBytes(StandardCharsets.UTF_8);

    private final List<String> parts;

    private PageQuery(List<String> parts) {
        this.parts = Collections.unmodifiableList(new ArrayList<>(parts)); // values may be null
    }

    /** The list {@code list} (e.g. {@code "chat.conversations"}) as read by {@code callerId}. */
    public static PageQuery of(String list, Object callerId) {
        if (callerId == null) {
            throw new IllegalArgumentException("a caller's list needs the caller; use anonymous() for public lists");
        }
        return new PageQuery(List.of(requireName(list), "caller", callerId.toString()));
    }

    /** A public list, read without signing in: tokens are then bound to the query only. */
    public static PageQuery anonymous(String list) {
        return new PageQuery(List.of(requireName(list), "anonymous", ""));
    }

    /** This query with one more filter parameter; {@code null} is a value of its own, unlike {@code "null"}. */
    public PageQuery with(String name, Object value) {
        List<String> more = new ArrayList<>(parts.size() + 2);
        more.addAll(parts);
        more.add(requireName(name));
        more.add(value == null ? null : value.toString());
        return new PageQuery(more);
    }

    /** SHA-256 of the canonical encoding. */
    byte[] digest() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
        sha256.update(DOMAIN);
        for (String part : parts) {
            if (part == null) {
                sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
                continue;
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        return sha256.digest();
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a query's list and parameter names must not be blank");
        }
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PageQuery query && query.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return "PageQuery" + parts;
    }
}
