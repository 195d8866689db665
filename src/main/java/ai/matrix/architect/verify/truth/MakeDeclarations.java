package ai.matrix.architect.verify.truth;

import ai.matrix.architect.verify.truth.DeclaredTestCommand.Candidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Makefile's {@code test}/{@code check} target, and a CMake project's ctest suite. */
final class MakeDeclarations {
    /** Where VERIFY configures a CMake project; inside the work tree so the sandbox sees it. */
    static final String CMAKE_BUILD_DIR = "build-matrix-architect";

    private static final List<String> MAKEFILES = List.of("GNUmakefile", "makefile", "Makefile");
    private static final Pattern CMAKE_TESTING =
            Pattern.compile("(?i)\\b(?:enable_testing|add_test|include\\s*\\(\\s*CTest\\b)\\s*\\(?");
    /**
     * A Makefile that runs the CMake suite: ctest itself, CMake's {@code test} target, or {@code make test} in the
     * build directory. Calling cmake only to build (a demo, the library) is not running the tests.
     */
    private static final Pattern DRIVES_CTEST = Pattern.compile(
            "\\bctest\\b|--target\\s+test\\b|(?:\\bmake|\\$\\(MAKE\\))\\s+(?:-\\S+\\s+)*-C\\s*\\S+\\s+test\\b"
                    + "|\\bcd\\s+\\S+\\s*&&\\s*(?:make|\\$\\(MAKE\\))\\s+test\\b");

    private MakeDeclarations() {}

    /** Adds the ctest candidate and the Makefile's target in the order {@link DeclaredTestCommand} documents. */
    static void makeAndCMake(Path root, List<Candidate> out) {
        Optional<String> makefile = makefile(root);
        Optional<String> target = makefile.flatMap(MakeDeclarations::testTarget);
        boolean cmakeTests = cmakeDeclaresTests(root);
        boolean makeDrivesCtest =
                makefile.isPresent() && DRIVES_CTEST.matcher(makefile.get()).find();
        Optional<Candidate> make = target.map(t -> new Candidate(
                "make " + t, "make", "Makefile target '" + t + "'" + (makeDrivesCtest ? " (drives cmake/ctest)" : "")));
        Candidate ctest = new Candidate(
                "cmake -S . -B " + CMAKE_BUILD_DIR + " && cmake --build " + CMAKE_BUILD_DIR
                        + " -j 2 && ctest --test-dir " + CMAKE_BUILD_DIR + " --output-on-failure",
                "cmake",
                "CMakeLists.txt declares tests (enable_testing/add_test)");
        if (cmakeTests && !(make.isPresent() && makeDrivesCtest)) {
            out.add(ctest);
            make.ifPresent(out::add);
        } else {
            make.ifPresent(out::add);
            if (cmakeTests) out.add(ctest);
        }
    }

    private static Optional<String> makefile(Path root) {
        for (String name : MAKEFILES) {
            Optional<String> text = Files2.read(root.resolve(name));
            if (text.isPresent()) return text;
        }
        return Optional.empty();
    }

    /** {@code test} if the Makefile has that target, else {@code check}. */
    static Optional<String> testTarget(String makefile) {
        for (String target : List.of("test", "check")) {
            Pattern rule = Pattern.compile("(?m)^(?:[\\w.%-]+\\s+)*" + target + "(?:\\s+[\\w.%-]+)*\\s*::?(?!=)");
            if (rule.matcher(makefile).find()) return Optional.of(target);
        }
        return Optional.empty();
    }

    private static boolean cmakeDeclaresTests(Path root) {
        if (!Files.isRegularFile(root.resolve("CMakeLists.txt"))) return false;
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("CMakeLists.txt"))
                    .filter(p -> !p.toString().contains(CMAKE_BUILD_DIR))
                    .map(Files2::read)
                    .flatMap(Optional::stream)
                    .anyMatch(t -> CMAKE_TESTING.matcher(t).find());
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
