package ai.matrix.architect.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The command line's own settings: server profiles in {@code config.json} and one token per profile in
 * {@code tokens/<profile>} (mode 0600), in {@code $XDG_CONFIG_HOME/matrix-architect}, else
 * {@code $HOME/.config/matrix-architect}. The directory comes from the environment, never from Java's
 * {@code user.home}, so {@code HOME=/tmp/x matrix-architect login} keeps everything under /tmp/x.
 */
final class ClientConfig {
    static final String DEFAULT_SERVER = "http://localhost:8080";
    static final String DEFAULT_PROFILE = "default";

    /** The process environment; tests give another one. */
    static volatile Map<String, String> environment = System.getenv();

    private final Path dir;

    ClientConfig(Path dir) {
        this.dir = dir;
    }

    static String env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    static ClientConfig load() {
        String xdg = env("XDG_CONFIG_HOME");
        if (xdg != null) return new ClientConfig(Path.of(xdg, "matrix-architect"));
        String home = env("HOME");
        if (home == null) {
            throw new CliException("HOME is not set: set HOME or XDG_CONFIG_HOME so that the login can be kept.");
        }
        return new ClientConfig(Path.of(home, ".config", "matrix-architect"));
    }

    Path dir() {
        return dir;
    }

    Path tokenFile(String profile) {
        return dir.resolve("tokens").resolve(checkName(profile));
    }

    private static String checkName(String profile) {
        if (!profile.matches("[A-Za-z0-9_.-]{1,64}") || profile.startsWith(".")) {
            throw new CliException(
                    "A profile name is 1 to 64 letters, digits, '.', '_' or '-': '" + profile + "'", ExitCodes.USAGE);
        }
        return profile;
    }

    /** The profile in use: the option, else MATRIX_ARCHITECT_PROFILE, else the one `config use` chose. */
    String profile(String option) {
        if (option != null) return checkName(option);
        if (env("MATRIX_ARCHITECT_PROFILE") != null) return checkName(env("MATRIX_ARCHITECT_PROFILE"));
        return read().path("profile").asString(DEFAULT_PROFILE);
    }

    /** Profile name → server URL. */
    Map<String, String> servers() {
        Map<String, String> out = new TreeMap<>();
        read().path("profiles")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().path("server").asString()));
        return out;
    }

    Optional<String> server(String profile) {
        return Optional.ofNullable(servers().get(profile));
    }

    void setServer(String profile, String server) throws IOException {
        ObjectNode root = read();
        ObjectNode profiles = root.has("profiles") ? (ObjectNode) root.get("profiles") : root.putObject("profiles");
        profiles.putObject(checkName(profile)).put("server", server);
        write(root);
    }

    void use(String profile) throws IOException {
        write(read().put("profile", checkName(profile)));
    }

    void remove(String profile) throws IOException {
        ObjectNode root = read();
        if (root.get("profiles") instanceof ObjectNode p) p.remove(profile);
        write(root);
        Files.deleteIfExists(tokenFile(profile));
    }

    Optional<String> token(String profile) throws IOException {
        Path f = tokenFile(profile);
        return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
    }

    /** Writes the token readable by its owner only (0600, in a 0700 directory), never briefly wider. */
    void saveToken(String profile, String token) throws IOException {
        Path f = tokenFile(profile);
        privateDirectory(f.getParent());
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, token + "\n");
    }

    void removeToken(String profile) throws IOException {
        Files.deleteIfExists(tokenFile(profile));
    }

    private void privateDirectory(Path d) throws IOException {
        Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private ObjectNode read() {
        Path f = dir.resolve("config.json");
        try {
            if (Files.exists(f) && ApiClient.JSON.readTree(Files.readString(f)) instanceof ObjectNode o) return o;
        } catch (IOException | RuntimeException e) {
            throw new CliException("Cannot read " + f + ": " + e.getMessage());
        }
        return ApiClient.JSON.createObjectNode();
    }

    private void write(JsonNode root) throws IOException {
        privateDirectory(dir);
        Files.writeString(
                dir.resolve("config.json"),
                ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
