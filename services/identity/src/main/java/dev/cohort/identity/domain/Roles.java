package dev.cohort.identity.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Roles as stored ({@code STUDENT,ADMIN}) and as put into tokens ({@code ["STUDENT", "ADMIN"]}). */
public final class Roles {

    private Roles() {
    }

    public static String toColumn(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    public static Set<Role> fromColumn(String column) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(column.split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    public static List<String> claim(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::name).toList();
    }
}
