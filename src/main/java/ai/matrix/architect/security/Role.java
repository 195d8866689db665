package ai.matrix.architect.security;

import java.util.Locale;

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
}
