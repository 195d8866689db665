package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Python ({@code pyproject.toml}, {@code setup.py}, {@code requirements.txt}, …): a virtualenv from the
 * requirements, ruff and mypy when configured and installed, pytest writing JUnit XML, and pip-audit. Locks and
 * pinned requirements say what was resolved ({@link PythonLocks}).
 */
public final class Python implements Ecosystem, RegistryAccess {
    /** Where the scan check writes pip-audit's JSON, relative to the work tree. */
    public static final String AUDIT_REPORT = REPORTS + "/pip-audit.json";

    private static final List<String> BUILD_FILES =
            List.of("pyproject.toml", "setup.py", "pytest.ini", "requirements.txt", "setup.cfg");

    @Override
    public String name() {
        return "python";
    }

    /** {@code pip}, the name of its egress allow-list before profiles had classes, is accepted too. */
    @Override
    public Set<String> aliases() {
        return Set.of("pip");
    }

    @Override
    public boolean detect(Path root) {
        return BUILD_FILES.stream().anyMatch(f -> BuildFiles.exists(root, f));
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.LINT, CheckKind.TEST, CheckKind.SCAN);
    }

    @Override
    public List<Check> checks(Path root) {
        List<Check> out = new ArrayList<>();
        boolean requirements = BuildFiles.exists(root, "requirements.txt");
        String python = "python3";
        if (requirements) {
            out.add(Toolchain.check(
                    name(),
                    CheckKind.FETCH,
                    "python3 -m venv --system-site-packages .venv && .venv/bin/pip install"
                            + " --disable-pip-version-check --cache-dir \"" + CACHE + "/pip-http\" -r requirements.txt",
                    Map.of(),
                    "python3"));
            python = "PY=python3; [ -x .venv/bin/python ] && PY=.venv/bin/python; \"$PY\"";
        }
        out.addAll(linters(BuildFiles.read(root.resolve("pyproject.toml"))));
        out.add(Toolchain.check(
                name(),
                CheckKind.TEST,
                python + " -m pytest -p no:cacheprovider --junitxml=" + REPORTS + "/pytest.xml",
                Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                "python3"));
        if (requirements && Toolchain.has("pip-audit")) {
            // pip-audit exits 1 when it finds something: the check passes when it wrote its report
            out.add(Toolchain.check(
                    name(),
                    CheckKind.SCAN,
                    "mkdir -p " + REPORTS + " && rm -f " + AUDIT_REPORT + " && pip-audit -r requirements.txt"
                            + " -f json -o " + AUDIT_REPORT + " --progress-spinner off --cache-dir"
                            + " /tmp/pip-audit-cache; test -s " + AUDIT_REPORT,
                    Map.of(),
                    "pip-audit"));
        }
        return out;
    }

    /** ruff and mypy, each when pyproject.toml configures it and the worker has it. */
    private List<Check> linters(String pyproject) {
        List<Check> out = new ArrayList<>();
        if (pyproject.contains("[tool.ruff") && Toolchain.has("ruff")) {
            out.add(Toolchain.check(name(), CheckKind.LINT, "ruff check --no-cache .", Map.of(), "ruff"));
        }
        if (pyproject.contains("[tool.mypy") && Toolchain.has("mypy")) {
            out.add(new Check(
                    "python-mypy", name(), CheckKind.LINT, "mypy --cache-dir=/tmp/mypy .", null, Map.of(), null, null));
        }
        return out;
    }

    @Override
    public Optional<RegistryAccess> registry() {
        return Optional.of(this);
    }

    @Override
    public String fetchCommand() {
        return "pip download --dest " + SandboxRequest.CACHE_MOUNT + "/pip -r requirements.txt";
    }

    @Override
    public Set<String> registryHosts() {
        return Set.of("pypi.org", "files.pythonhosted.org");
    }

    @Override
    public Map<String, String> env(Phase phase, Map<String, String> base) {
        String http = SandboxRequest.CACHE_MOUNT + "/pip-http";
        return phase != Phase.OFFLINE
                ? Map.of("PIP_CACHE_DIR", http)
                : Map.of(
                        "PIP_CACHE_DIR",
                        http,
                        "PIP_NO_INDEX",
                        "1",
                        "PIP_FIND_LINKS",
                        SandboxRequest.CACHE_MOUNT + "/pip");
    }

    @Override
    public boolean readsLockfile(String fileName) {
        return PythonLocks.reads(fileName);
    }

    @Override
    public void readLockfile(String fileName, String text, String rel, DependencyCollector into) {
        new PythonLocks(into).read(fileName, text, rel);
    }

    /** The package URL of a PyPI package version, the name as given. */
    public static String purl(String name, String version) {
        return DependencyCollector.purl("pypi", null, name, version, Map.of());
    }
}
