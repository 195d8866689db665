package ai.matrix.architect.workspace;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.net.AddressPolicy;
import ai.matrix.architect.net.NetworkProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the {@code repo} of a request into a URL git may use, refusing anything outside the allowed roots
 * and any transport other than https, ssh and file.
 */
@Component
public class RepoLocator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern GITLAB_PROJECT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){1,10}");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]{0,250}");
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+:[A-Za-z0-9_./~-]+");

    private final ArchitectProperties props;
    private final AddressPolicy addresses;
    private final String caFile;

    public RepoLocator(ArchitectProperties props) {
        this(props, AddressPolicy.defaults());
    }

    @Autowired
    public RepoLocator(ArchitectProperties props, NetworkProperties network) {
        this(props, network.policy(), network.caFile());
    }

    public RepoLocator(ArchitectProperties props, AddressPolicy addresses) {
        this(props, addresses, "");
    }

    RepoLocator(ArchitectProperties props, AddressPolicy addresses, String caFile) {
        this.props = props;
        this.addresses = addresses;
        this.caFile = caFile == null || caFile.isBlank() ? null : caFile;
    }

    public RemoteRepo locate(JobRequest.Repo repo) {
        List<FieldError> errors = new ArrayList<>();
        RemoteRepo result = locate(repo, errors);
        if (!errors.isEmpty()) throw new InvalidRequestException(errors);
        return result;
    }

    RemoteRepo locate(JobRequest.Repo repo, List<FieldError> errors) {
        if (repo == null) {
            errors.add(new FieldError("repo", "is required"));
            return null;
        }
        if (repo.kind() == null) {
            errors.add(new FieldError("repo.kind", "is required: one of github, gitlab, git, local"));
            return null;
        }
        String ref = repo.ref();
        if (ref != null && (!REF.matcher(ref).matches() || ref.contains("..") || ref.endsWith(".lock"))) {
            errors.add(new FieldError("repo.ref", "is not a valid branch, tag or commit name"));
        }
        return switch (repo.kind()) {
            case GITHUB -> {
                if (!validName(repo.owner())) errors.add(new FieldError("repo.owner", "is required: a GitHub owner"));
                if (!validName(repo.repo())) errors.add(new FieldError("repo.repo", "is required: a repository name"));
                yield new RemoteRepo(
                        "https://github.com/" + repo.owner() + "/" + repo.repo() + ".git",
                        ref,
                        "github:" + repo.owner() + "/" + repo.repo());
            }
            case GITLAB -> {
                if (repo.project() == null
                        || !GITLAB_PROJECT.matcher(repo.project()).matches()) {
                    errors.add(new FieldError("repo.project", "is required: a GitLab project path like group/name"));
                }
                yield new RemoteRepo("https://gitlab.com/" + repo.project() + ".git", ref, "gitlab:" + repo.project());
            }
            case GIT -> git(repo.url(), ref, errors);
            case LOCAL -> local(repo.path(), ref, errors);
        };
    }

    private static boolean validName(String s) {
        return s != null && NAME.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    private RemoteRepo git(String url, String ref, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("repo.url", "is required for kind git"));
            return null;
        }
        if (url.startsWith("-") || url.contains("::") || url.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("repo.url", "uses a transport that is not allowed (only https, ssh and file)"));
            return null;
        }
        if (SCP_LIKE.matcher(url).matches()) {
            String host = url.substring(url.indexOf('@') + 1, url.indexOf(':', url.indexOf('@')));
            AddressPolicy.Verdict verdict = checkedHost(host, errors);
            if (verdict == null) return null;
            return new RemoteRepo(url, ref, url, RemoteRepo.pin(host, 22, verdict.pinned()));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("repo.url", "is not a valid URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "https", "ssh" -> {
                if (uri.getHost() == null) {
                    errors.add(new FieldError("repo.url", "has no host"));
                    return null;
                }
                AddressPolicy.Verdict verdict = checkedHost(uri.getHost(), errors);
                if (verdict == null) return null;
                int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 22;
                String pin = RemoteRepo.pin(uri.getHost(), port, verdict.pinned());
                return new RemoteRepo(
                        url, ref, uri.getHost() + uri.getPath(), pin, "https".equals(scheme) ? caFile : null);
            }
            case "file" -> {
                Path path = underAllowedRoot(uri.getPath(), "repo.url", errors);
                return path == null ? null : new RemoteRepo(path.toUri().toString(), ref, path.toString());
            }
            default -> {
                errors.add(new FieldError("repo.url", "must be an https, ssh or file URL"));
                return null;
            }
        }
    }

    /**
     * Checked whenever a repository is located, i.e. before every clone, fetch or push: the verdict with the
     * address to pin to, or null (with the error added) when the host is refused or does not resolve.
     */
    private AddressPolicy.Verdict checkedHost(String host, List<FieldError> errors) {
        AddressPolicy.Verdict verdict = addresses.check(host);
        if (verdict.problem().isPresent()) {
            errors.add(new FieldError("repo.url", verdict.problem().get() + "; connections there are not allowed"));
            return null;
        }
        return verdict;
    }

    private RemoteRepo local(String pathText, String ref, List<FieldError> errors) {
        if (pathText == null || pathText.isBlank()) {
            errors.add(new FieldError("repo.path", "is required for kind local"));
            return null;
        }
        Path path = underAllowedRoot(pathText, "repo.path", errors);
        return path == null ? null : new RemoteRepo(path.toUri().toString(), ref, path.toString());
    }

    /** Resolves symbolic links first, so that a link under an allowed root cannot lead outside it. */
    private Path underAllowedRoot(String pathText, String field, List<FieldError> errors) {
        if (pathText == null || pathText.indexOf('\0') >= 0) {
            errors.add(new FieldError(field, "is not a valid path"));
            return null;
        }
        Path path = Path.of(pathText).toAbsolutePath().normalize();
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            errors.add(new FieldError(field, "does not exist or cannot be read: " + path));
            return null;
        }
        for (Path root : props.allowedRepoRoots()) {
            Path realRoot = realOrSelf(root);
            if (real.startsWith(realRoot)) {
                if (!Files.isDirectory(real)) {
                    errors.add(new FieldError(field, "is not a directory holding a git repository"));
                    return null;
                }
                return real;
            }
        }
        errors.add(new FieldError(
                field,
                "is outside the allowed repository roots (" + props.allowedRepoRoots()
                        + "); set ARCHITECT_REPO_ROOTS to allow it"));
        return null;
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
