package ai.matrix.architect.cli;

import ai.matrix.architect.evidence.AttestationKeys;
import ai.matrix.architect.evidence.AttestationVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify-attestation FILE --key PEM}: checks an attestation offline and says what it checked. */
@Command(
        name = "verify-attestation",
        mixinStandardHelpOptions = true,
        description = "Verifies a DSSE-signed in-toto attestation offline with the server's public key"
                + " (GET /api/keys/attestation). Exit code 0 when it verifies, 1 when it does not.")
public class VerifyAttestationCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the envelope (JSON), or several, one per line")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "PEM", description = "file with the PEM public key")
    Path key;

    @Option(
            names = "--subject",
            paramLabel = "FILE",
            description = "a file that must be an attested subject with the same sha256 (repeatable)")
    List<Path> subjects = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        AttestationVerifier.Result r;
        try {
            var publicKey = AttestationKeys.parsePublicPem(Files.readString(key));
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Path p : subjects) files.put(p.getFileName().toString(), Files.readAllBytes(p));
            r = AttestationVerifier.verify(Files.readString(file), publicKey, files);
        } catch (Exception e) {
            err.println("cannot verify: " + e.getMessage());
            return 1;
        }
        for (String line : r.checked()) out.println("checked: " + line);
        for (String line : r.problems()) err.println("FAILED: " + line);
        out.println(r.ok() ? "VERIFIED: " + file : "NOT VERIFIED: " + file);
        out.flush();
        err.flush();
        return r.ok() ? 0 : 1;
    }
}
