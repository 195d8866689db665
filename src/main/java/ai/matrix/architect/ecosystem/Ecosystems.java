package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ecosystems the product knows, in detection order (the order their checks run in when several are found).
 * A new ecosystem is one class implementing {@link Ecosystem} and one entry here.
 */
public final class Ecosystems {
    /** Every ecosystem, in detection order. */
    public static final List<Ecosystem> ALL =
            List.of(new Maven(), new Gradle(), new Npm(), new Python(), new Go(), new Cargo(), new Make());

    private Ecosystems() {}

    /** The profile names, in detection order: {@code maven}, {@code gradle}, … */
    public static List<String> names() {
        return ALL.stream().map(Ecosystem::name).toList();
    }

    /** The values a {@code verify.profile} may take: the ecosystems' names and then {@code special} ones. */
    public static Set<String> profiles(String... special) {
        Set<String> out = new LinkedHashSet<>(names());
        out.addAll(List.of(special));
        return Collections.unmodifiableSet(out);
    }

    /** The ecosystem a profile names (its name or an alias, in any case). */
    public static Optional<Ecosystem> named(String profile) {
        if (profile == null) return Optional.empty();
        String p = profile.toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(e -> e.name().equals(p) || e.aliases().contains(p))
                .findFirst();
    }

    /** The registry access of the ecosystem a profile names, when it has an egress allow-list. */
    public static Optional<RegistryAccess> registryFor(String profile) {
        return named(profile).flatMap(Ecosystem::registry);
    }

    /** The ecosystems found in the work tree, in a fixed order; a fallback only when nothing else is. */
    public static List<String> detect(Path root) {
        List<String> out = new ArrayList<>();
        for (Ecosystem e : ALL) if (!e.fallback() && e.detect(root)) out.add(e.name());
        if (out.isEmpty()) for (Ecosystem e : ALL) if (e.fallback() && e.detect(root)) out.add(e.name());
        return out;
    }

    /** The checks of one profile for this work tree; none for an unknown profile. */
    public static List<Check> checks(String profile, Path root) {
        return ALL.stream()
                .filter(e -> e.name().equals(profile))
                .findFirst()
                .map(e -> e.checks(root))
                .orElse(List.of());
    }

    /** The ecosystem that reads a lockfile of this name. */
    public static Optional<Ecosystem> readingLockfile(String fileName) {
        return ALL.stream().filter(e -> e.readsLockfile(fileName)).findFirst();
    }
}
