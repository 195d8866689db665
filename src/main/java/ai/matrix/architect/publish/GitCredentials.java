package ai.matrix.architect.publish;

import java.util.List;
import java.util.Map;

/**
 * How git gets a host's token when it pushes over https: a credential helper, scoped to the host's URL, that
 * prints the user and the token from two environment variables of the git process. The token is thus never in
 * the URL (which git would store in the reflog and print in errors), on the command line (visible to every
 * process) or in a file; git sends it only when the server asks for it (401), and follows no redirect with it.
 */
record GitCredentials(String url, String user, String token) {
    static final String USER_VAR = "MATRIX_ARCHITECT_GIT_USER";
    static final String TOKEN_VAR = "MATRIX_ARCHITECT_GIT_TOKEN";
    private static final String HELPER = "!f() { test \"$1\" = get && printf 'username=%s\\npassword=%s\\n' \"$"
            + USER_VAR + "\" \"$" + TOKEN_VAR + "\"; }; f";

    /** The {@code -c} settings: the helper for URLs under the host's. */
    List<String> config() {
        String scope = url.endsWith("/") ? url : url + "/";
        return List.of("credential." + scope + ".helper=" + HELPER, "credential.interactive=never");
    }

    Map<String, String> env() {
        return Map.of(USER_VAR, user, TOKEN_VAR, token);
    }

    @Override
    public String toString() {
        return "GitCredentials[" + url + ", " + user + "]";
    }
}
