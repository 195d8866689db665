package ai.matrix.architect.ecosystem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A bare Makefile, when nothing else is detected: its {@code test} target, else {@code check}, else the default. */
public final class Make implements Ecosystem {
    private static final Pattern TEST = Pattern.compile("(?m)^test\\s*:");
    private static final Pattern CHECK = Pattern.compile("(?m)^check\\s*:");

    @Override
    public String name() {
        return "make";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "Makefile") || BuildFiles.exists(root, "makefile");
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.TEST);
    }

    @Override
    public List<Check> checks(Path root) {
        String makefile = BuildFiles.read(root.resolve("Makefile")) + BuildFiles.read(root.resolve("makefile"));
        String target =
                TEST.matcher(makefile).find() ? "test" : CHECK.matcher(makefile).find() ? "check" : "";
        return List.of(Toolchain.check(name(), CheckKind.TEST, ("make " + target).strip(), Map.of(), "make"));
    }
}
