package ai.matrix.architect.gate;

import java.util.Locale;

/** What a rule, a policy or the Guardian decides, in rising order of restriction. */
public enum Decision {
    ALLOW,
    REQUIRE_APPROVAL,
    DENY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Decision fromWire(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public Decision mostRestrictive(Decision other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
