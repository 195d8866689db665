package ai.matrix.architect.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The policies: versions kept in the database (the highest version of a name is active), compiled once and
 * cached. The shipped default policy becomes version 1 of {@code default} the first time policies are read.
 */
@Service
public class Policies {
    static final String DEFAULT_NAME = "default";

    private final PolicyStore store;
    private final PolicyCompiler compiler = new PolicyCompiler();
    private final Clock clock;
    private final Map<String, CompiledPolicy> cache = new ConcurrentHashMap<>();

    Policies(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String defaultSource() {
        try (InputStream in = Policies.class.getResourceAsStream("/policies/default.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Version(String name, int version, String source, String author, java.time.Instant createdAt) {}

    public List<Version> list() {
        seed();
        return store.active().stream().map(Policies::view).toList();
    }

    public Optional<Version> latest(String name) {
        seed();
        return store.latest(name).map(Policies::view);
    }

    public Optional<Version> get(String name, int version) {
        seed();
        return store.get(name, version).map(Policies::view);
    }

    public List<Version> versions(String name) {
        seed();
        return store.versions(name).stream().map(Policies::view).toList();
    }

    public List<PolicyProblem> validate(String source) {
        return compiler.compile(source, 0).problems();
    }

    /** Thrown when an update is refused; the active version stays as it was. */
    public static class InvalidPolicyException extends RuntimeException {
        private final List<PolicyProblem> problems;

        InvalidPolicyException(List<PolicyProblem> problems) {
            super("the policy does not compile");
            this.problems = problems;
        }

        public List<PolicyProblem> problems() {
            return problems;
        }
    }

    /** Stores a new version of the named policy, which becomes active; refused when it does not compile. */
    public Version update(String name, String source, String author) {
        seed();
        PolicyCompiler.Result result = compiler.compile(source, 0);
        List<PolicyProblem> problems = new ArrayList<>(result.problems());
        if (result.document() != null
                && result.document().name() != null
                && !name.equals(result.document().name())) {
            problems.add(new PolicyProblem(
                    null,
                    null,
                    null,
                    "the file's name '" + result.document().name() + "' differs from '" + name + "' in the URL"));
        }
        if (!problems.isEmpty()) throw new InvalidPolicyException(problems);
        for (int attempt = 0; ; attempt++) {
            try {
                int v = store.add(name, source, author, clock.instant());
                return get(name, v).orElseThrow();
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) throw e;
            }
        }
    }

    /** The active version of every policy, compiled. */
    /** {@code name@version} → SHA-256 (hex) of the source of every active policy. */
    public java.util.Map<String, String> activeDigests() {
        seed();
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (PolicyStore.Version v : store.active()) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(v.source().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.put(v.name() + "@" + v.version(), java.util.HexFormat.of().formatHex(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public List<CompiledPolicy> active() {
        seed();
        return store.active().stream().map(this::compiled).toList();
    }

    /** The active policies with one of them replaced by the given version, for a dry run. */
    public List<CompiledPolicy> activeWith(Version version) {
        List<CompiledPolicy> out = new ArrayList<>();
        for (PolicyStore.Version v : store.active()) {
            if (!v.name().equals(version.name())) out.add(compiled(v));
        }
        out.add(compiled(new PolicyStore.Version(
                version.name(), version.version(), version.source(), version.author(), version.createdAt())));
        return out;
    }

    private CompiledPolicy compiled(PolicyStore.Version v) {
        return cache.computeIfAbsent(v.name() + "@" + v.version(), k -> {
            PolicyCompiler.Result r = compiler.compile(v.source(), v.version());
            if (!r.ok()) throw new IllegalStateException("stored policy " + k + " does not compile: " + r.problems());
            return r.policy();
        });
    }

    private void seed() {
        if (store.latest(DEFAULT_NAME).isPresent()) return;
        try {
            store.add(DEFAULT_NAME, defaultSource(), "system", clock.instant());
        } catch (DuplicateKeyException e) {
            // another process seeded it first
        }
    }

    private static Version view(PolicyStore.Version v) {
        return new Version(v.name(), v.version(), v.source(), v.author(), v.createdAt());
    }
}
