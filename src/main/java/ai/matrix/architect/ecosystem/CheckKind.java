package ai.matrix.architect.ecosystem;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a verification check does; its {@link #id()} is the name in the API, the repository file and the log. */
public enum CheckKind {
    /** Resolves dependencies into the cache: may use the network (through the egress proxy when it can). */
    FETCH,
    LINT,
    BUILD,
    TEST,
    /** Asks the registry's advisory service (npm audit, pip-audit): goes out the way a fetch does. */
    SCAN;

    /** The lower-case name: {@code fetch}, {@code lint}, {@code build}, {@code test}, {@code scan}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether checks of this kind need their ecosystem's registry. */
    public boolean usesRegistry() {
        return this == FETCH || this == SCAN;
    }

    /** The kind with this id; an unknown id is refused (the repository file's schema checks it first). */
    @JsonCreator
    public static CheckKind of(String id) {
        for (CheckKind k : values()) if (k.id().equals(id)) return k;
        throw new IllegalArgumentException("no check kind '" + id + "'; known: " + ids());
    }

    /** Every kind's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(CheckKind::id).toList();
    }

    @Override
    public String toString() {
        return id();
    }
}
