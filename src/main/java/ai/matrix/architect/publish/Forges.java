package ai.matrix.architect.publish;

import ai.matrix.architect.net.AddressPolicy;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.publish.forge.Forge;
import ai.matrix.architect.publish.forge.GitHubForge;
import ai.matrix.architect.publish.forge.GitLabForge;
import ai.matrix.architect.publish.forge.GiteaForge;
import ai.matrix.architect.secret.Secrets;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Finds the configured code host a repository URL belongs to and connects to it with its token. */
@Component
class Forges {
    private final PublishProperties props;
    private final Secrets secrets;
    private final AddressPolicy addresses;

    Forges(PublishProperties props, Secrets secrets, NetworkProperties network) {
        this.props = props;
        this.secrets = secrets;
        this.addresses = network.policy();
    }

    /** A repository on a host: its API client and the credentials git pushes with. */
    record Connected(String name, PublishProperties.Forge config, Forge forge, GitCredentials credentials) {}

    /** A host refused to be used (no token, an API address the policy refuses, a repository path it cannot hold). */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    /** The host whose {@code url} the repository URL lies under; empty when none is configured for it. */
    Optional<Connected> connect(String repoUrl) {
        for (Map.Entry<String, PublishProperties.Forge> e : props.forges().entrySet()) {
            PublishProperties.Forge f = e.getValue();
            if (f.url() == null || f.url().isBlank()) continue;
            String root = f.url().endsWith("/") ? f.url() : f.url() + "/";
            if (!repoUrl.startsWith(root)) continue;
            String path = repoUrl.substring(root.length());
            if (path.endsWith(".git")) path = path.substring(0, path.length() - 4);
            return Optional.of(connect(e.getKey(), f, path));
        }
        return Optional.empty();
    }

    private Connected connect(String name, PublishProperties.Forge f, String path) {
        String where = "architect.publish.forges." + name;
        if (f.token() == null || f.token().isBlank()) throw new Unusable(where + ".token is not set");
        String token = secrets.resolve(f.token())
                .orElseThrow(() -> new Unusable("the secret " + f.token() + " (" + where + ".token) does not exist"));
        String type = f.type() == null ? "" : f.type().toLowerCase(java.util.Locale.ROOT);
        String api = apiUrl(type, f);
        String host = URI.create(api).getHost();
        addresses.problem(host).ifPresent(p -> {
            throw new Unusable(where + ".api-url " + p + "; connections there are not allowed");
        });
        String[] parts = path.split("/");
        Forge forge = switch (type) {
            case "github" -> {
                requireOwnerAndName(parts, path, where);
                yield new GitHubForge(api, token, parts[0], parts[1]);
            }
            case "gitea", "forgejo" -> {
                requireOwnerAndName(parts, path, where);
                yield new GiteaForge(api, token, parts[0], parts[1]);
            }
            case "gitlab" -> new GitLabForge(api, token, path);
            default -> throw new Unusable(where + ".type must be github, gitlab or gitea, not '" + f.type() + "'");
        };
        return new Connected(name, f, forge, new GitCredentials(f.url(), forge.gitUser(), token));
    }

    private static void requireOwnerAndName(String[] parts, String path, String where) {
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new Unusable("the repository path '" + path + "' under " + where + ".url is not owner/name");
        }
    }

    static String apiUrl(String type, PublishProperties.Forge f) {
        if (f.apiUrl() != null && !f.apiUrl().isBlank()) return f.apiUrl();
        String url = f.url().endsWith("/") ? f.url().substring(0, f.url().length() - 1) : f.url();
        return switch (type) {
            case "github" ->
                URI.create(url).getHost().equals("github.com") ? "https://api.github.com" : url + "/api/v3";
            case "gitlab" -> url + "/api/v4";
            default -> url + "/api/v1";
        };
    }
}
