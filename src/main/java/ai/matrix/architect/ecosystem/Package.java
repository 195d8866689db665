package ai.matrix.architect.ecosystem;

import java.util.List;
import java.util.Map;

/**
 * One resolved dependency, whatever its ecosystem.
 *
 * @param ecosystem the OSV ecosystem name: {@code Maven}, {@code npm}, {@code PyPI}, {@code Go}, {@code crates.io}
 * @param name the name OSV uses ({@code group:artifact} for Maven)
 * @param purl package URL, also the component's bom-ref
 * @param hashes algorithm ({@code SHA-256}, {@code SHA-512}, {@code SHA-1}) to lower-case hex
 * @param licenses license names or SPDX ids, as the ecosystem states them
 * @param optional a development/test-only dependency
 * @param dependsOn purls of the packages this one depends on
 * @param source the file it was read from, relative to the work tree
 */
public record Package(
        String ecosystem,
        String name,
        String version,
        String purl,
        Map<String, String> hashes,
        List<String> licenses,
        boolean optional,
        List<String> dependsOn,
        String source) {}
