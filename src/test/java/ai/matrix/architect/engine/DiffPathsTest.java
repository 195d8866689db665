package ai.matrix.architect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiffPathsTest {
    @Test
    void readsEveryPathAGitDiffNames() {
        String diff = """
                diff --git a/src/a.txt b/src/a.txt
                --- a/src/a.txt
                +++ b/src/a.txt
                @@ -1 +1 @@
                -x
                +y
                diff --git a/old.txt b/new.txt
                similarity index 90%
                rename from old.txt
                rename to new.txt
                diff --git "a/with space\\tand tab" "b/with space\\tand tab"
                new file mode 100644
                --- /dev/null
                +++ "b/with space\\tand tab"
                """;
        assertThat(DiffPaths.of(diff))
                .contains("src/a.txt", "old.txt", "new.txt", "with space\tand tab")
                .doesNotContain("/dev/null");
    }

    @Test
    void findsTraversalInAnyHeader() {
        assertThat(DiffPaths.of("--- a/ok\n+++ b/../../etc/passwd\n")).contains("../../etc/passwd");
        assertThat(DiffPaths.of("diff --git a/x b/x\nrename to .git/hooks/pre-commit\n"))
                .contains(".git/hooks/pre-commit");
        assertThat(DiffPaths.unquote("\"caf\\303\\251\"")).isEqualTo("caf\u00c3\u00a9");
    }

    @Test
    void aDiffWithoutHeadersNamesNothing() {
        assertThat(DiffPaths.of("just some text\n")).isEmpty();
    }
}
