package ai.matrix.architect.cli;

import java.io.IOException;
import picocli.CommandLine.Option;

/** {@code --server} and {@code --profile}, on every command that calls the server. */
final class ClientOptions {
    @Option(
            names = {"--server", "--url"},
            paramLabel = "URL",
            description = "Server URL (default: ARCHITECT_URL, else the profile's server, else "
                    + ClientConfig.DEFAULT_SERVER + ")")
    String server;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Profile of the config file (default: MATRIX_ARCHITECT_PROFILE, else the one chosen with"
                    + " `config use`, else '" + ClientConfig.DEFAULT_PROFILE + "')")
    String profile;

    String profile(ClientConfig config) {
        return config.profile(profile);
    }

    String server(ClientConfig config) {
        if (server != null) return server;
        if (ClientConfig.env("ARCHITECT_URL") != null) return ClientConfig.env("ARCHITECT_URL");
        return config.server(profile(config)).orElse(ClientConfig.DEFAULT_SERVER);
    }

    /** A client with the token of ARCHITECT_TOKEN, else the profile's saved login. */
    ApiClient api() throws IOException {
        ClientConfig config = ClientConfig.load();
        String token = ClientConfig.env("ARCHITECT_TOKEN");
        if (token == null) {
            String name = profile(config);
            token = config.token(name)
                    .orElseThrow(() -> new CliException(
                            "Not logged in (profile '" + name + "'): run `matrix-architect login`, or set"
                                    + " ARCHITECT_TOKEN to an API token.",
                            ExitCodes.UNREACHABLE));
        }
        return new ApiClient(server(config), token);
    }
}
