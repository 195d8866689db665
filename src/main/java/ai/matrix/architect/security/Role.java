package ai.matrix.architect.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Roles in rising order of power: each includes what the ones before it may do. */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** The role a wire name stands for; empty for a name that is not a role. */
    public static Optional<Role> parse(String wire) {
        if (wire == null) return Optional.empty();
        for (Role r : values()) if (r.wire().equals(wire)) return Optional.of(r);
        return Optional.empty();
    }

    /** True when this role may do what {@code needed} may: it is that role or ranks above it. */
    public boolean atLeast(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The wire names of {@code lowest} and of every role above it, in rising order. */
    public static List<String> wiresFrom(Role lowest) {
        return Arrays.stream(values())
                .filter(r -> r.atLeast(lowest))
                .map(Role::wire)
                .toList();
    }
}
