package ai.matrix.architect.cli;

import ai.matrix.architect.evidence.AttestationKeys;
import ai.matrix.architect.evidence.JobVerifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify-job BUNDLE --key PEM}: checks a job's whole evidence offline, one line per check. */
@Command(
        name = "verify-job",
        mixinStandardHelpOptions = true,
        description = "Verifies a job's evidence bundle (GET /api/jobs/{id}/ledger) offline with the server's public"
                + " key (GET /api/keys/attestation): every signature, the chain of statements, the approved diff,"
                + " the SBOM and test report, the result commit. Exit code 0 when all hold, 1 when one does not.")
public class VerifyJobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the bundle (zip)")
    Path bundle;

    @Option(names = "--key", required = true, paramLabel = "PEM", description = "file with the PEM public key")
    Path key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        JobVerifier.Result r;
        try (InputStream in = Files.newInputStream(bundle)) {
            var publicKey = AttestationKeys.parsePublicPem(Files.readString(key));
            r = JobVerifier.verify(JobVerifier.unzip(in), publicKey);
        } catch (Exception e) {
            err.println("cannot verify: " + e.getMessage());
            err.flush();
            return 1;
        }
        for (JobVerifier.Check c : r.checks()) out.println(c.line());
        out.println(r.ok() ? "VERIFIED: " + bundle : "NOT VERIFIED: " + bundle);
        out.flush();
        return r.ok() ? 0 : 1;
    }
}
