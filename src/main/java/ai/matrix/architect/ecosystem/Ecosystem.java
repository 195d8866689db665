package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the product knows about one language family: how to recognise it in a work tree, the checks VERIFY
 * runs for it, the registry its fetches may reach through the egress proxy, the lockfiles that say what it
 * resolved, and the test reports it writes besides JUnit XML. One class per family; {@link Ecosystems} lists them.
 *
 * <p>Dependencies are fetched by a {@code fetch} check into the project's cache, mounted where
 * {@code $MATRIX_ARCHITECT_CACHE} says (per tool: {@code m2}, {@code npm}, {@code go}, …), so that every other
 * check runs without network. Sandboxes that mount no cache leave the variable unset, and the commands then keep
 * their caches inside the workspace ({@value #WORKSPACE_CACHE}).
 */
public interface Ecosystem {
    /** Where checks write their reports, relative to the work tree. */
    String REPORTS = ".matrix-architect/reports";
    /** Where VERIFY's checks keep their caches inside the workspace when the sandbox mounts no project cache. */
    String WORKSPACE_CACHE = ".matrix-architect/cache";
    /** The cache directory as the shell sees it. */
    String CACHE = "${" + RegistryAccess.CACHE_ENV + ":-$PWD/" + WORKSPACE_CACHE + "}";

    /** The profile name: {@code maven}, {@code npm}, … as the request and {@code .matrix-architect.yml} say it. */
    String name();

    /** Other names a request may use for this profile. */
    default Set<String> aliases() {
        return Set.of();
    }

    /** Whether the work tree's root holds this ecosystem's build files. */
    boolean detect(Path root);

    /** Detected only when no other ecosystem is (a Makefile beside a pom.xml is Maven's helper, not the build). */
    default boolean fallback() {
        return false;
    }

    /** The kinds of check this profile may run (which it does depends on the work tree), in the order they run. */
    List<CheckKind> kinds();

    /** The checks of this profile for the work tree, in the order they run. */
    List<Check> checks(Path root);

    /** How its fetches reach the registry through the egress proxy; empty when it has no allow-list. */
    default Optional<RegistryAccess> registry() {
        return Optional.empty();
    }

    /** Whether a file of this name is one of its lockfiles (or resolved-dependency files). */
    default boolean readsLockfile(String fileName) {
        return false;
    }

    /** Adds what one of its lockfiles resolved; {@code rel} is the file's path relative to the work tree. */
    default void readLockfile(String fileName, String text, String rel, DependencyCollector into) {}

    /** Test results it wrote in its own format (not JUnit XML) under the work tree at or after {@code since}. */
    default List<TestReport.Suite> testReports(Path root, Instant since) throws IOException {
        return List.of();
    }

    /** Test results that only its test check's output holds. */
    default List<TestReport.Suite> testReportsInLog(String checkName, String log) {
        return List.of();
    }
}
