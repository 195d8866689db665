package ai.matrix.architect.publish;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publishing settings ({@code architect.publish.*}, env {@code ARCHITECT_PUBLISH_*}).
 *
 * @param uiUrl this server's address as people reach it ({@code https://architect.example.com}), for the links in
 *     pull request bodies and commit statuses; empty leaves the links out
 * @param forges the code hosts whose pull/merge requests PUBLISH opens, by a name of your choice
 * @param oci the OCI registry repository that jobs asking {@code publish.oci} push their evidence to
 */
@ConfigurationProperties("architect.publish")
public record PublishProperties(
        @DefaultValue("") String uiUrl,
        Map<String, Forge> forges,
        @DefaultValue Oci oci) {

    /**
     * @param registry the registry's address ({@code https://registry.example.com}); empty: no OCI publishing
     * @param repository the repository in it ({@code acme/evidence})
     * @param username the user for basic auth; empty for anonymous pushes
     * @param password a secret reference whose value is the password or token
     */
    public record Oci(
            @DefaultValue("") String registry,
            @DefaultValue("") String repository,
            @DefaultValue("") String username,
            @DefaultValue("") String password) {}

    public PublishProperties {
        forges = forges == null ? Map.of() : Map.copyOf(forges);
    }

    /**
     * One code host.
     *
     * @param type {@code github} (also GitHub Enterprise), {@code gitlab} or {@code gitea} (also Forgejo)
     * @param url where its repositories are cloned from ({@code https://github.com}, {@code
     *     https://gitlab.example.com}); a job's repository URL under it belongs to this host
     * @param apiUrl its REST API; empty means the host's usual place ({@code https://api.github.com} for
     *     github.com, {@code <url>/api/v3} for GitHub Enterprise, {@code <url>/api/v4} for GitLab, {@code
     *     <url>/api/v1} for Gitea)
     * @param token a secret reference ({@code env:GITHUB_TOKEN}, {@code vault:ci/gitlab}) whose value is the API
     *     token, also used to push over https
     * @param labels labels every request gets (besides those of the job's {@code publish.labels})
     * @param reviewers user names asked to review every request
     */
    public record Forge(
            String type,
            String url,
            @DefaultValue("") String apiUrl,
            String token,
            @DefaultValue({}) List<String> labels,
            @DefaultValue({}) List<String> reviewers) {}
}
