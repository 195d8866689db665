package ai.matrix.architect.ecosystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gradle ({@code build.gradle[.kts]}), through its wrapper when the repository has one; it writes JUnit XML. The
 * test check runs {@code test}, or the tasks the project's CI runs ({@link #checks(Path, List)}), never more.
 */
public final class Gradle implements Ecosystem {
    @Override
    public String name() {
        return "gradle";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "build.gradle") || BuildFiles.exists(root, "build.gradle.kts");
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.TEST);
    }

    @Override
    public List<Check> checks(Path root) {
        return checks(root, List.of("test"));
    }

    /** The checks for the tasks and options a project's CI runs ({@code check -p lib}), offline after the fetch. */
    public List<Check> checks(Path root, List<String> ciTasks) {
        boolean wrapper = Files.isRegularFile(root.resolve("gradlew"));
        String gradle = (wrapper ? "sh ./gradlew" : "gradle") + " --no-daemon --console=plain";
        gradle = "export GRADLE_USER_HOME=\"" + CACHE + "/gradle\"; " + gradle;
        Map<String, String> env = Map.of("GRADLE_OPTS", "-Xmx768m");
        String tool = wrapper ? "sh" : "gradle";
        return List.of(
                Toolchain.check(name(), CheckKind.FETCH, gradle + " dependencies", env, tool),
                Toolchain.check(name(), CheckKind.TEST, gradle + " --offline " + String.join(" ", ciTasks), env, tool));
    }
}
