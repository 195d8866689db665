package ai.matrix.architect.publish;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed P-256 certificate that may act as its own CA, made by the JDK's {@code keytool}: for test servers
 * (HTTPS, a registry's token signer) whose clients are told to trust exactly it.
 *
 * @param store the PKCS12 key store holding key and certificate under {@code alias}, protected by {@link #PASSWORD}
 * @param pem the certificate alone, PEM, for the client's trust store
 */
public record TestCertificate(String alias, KeyStore store, Path pem) {
    public static final String PASSWORD = "test-store-pass";

    /** @param san a subjectAltName extension ({@code ip:127.0.0.1,dns:localhost}) or null */
    public static TestCertificate create(Path dir, String alias, String dname, String san) throws Exception {
        Path ks = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + "-ca.pem");
        Files.deleteIfExists(ks);
        Files.deleteIfExists(pem);
        List<String> gen = new ArrayList<>(List.of(
                "keytool",
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-ext",
                "BC:c=ca:true",
                "-validity",
                "2",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
        if (san != null) gen.addAll(List.of("-ext", "SAN=" + san));
        GitHttpServer.run(dir, gen.toArray(String[]::new));
        GitHttpServer.run(
                dir,
                "keytool",
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                ks.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return new TestCertificate(alias, store, pem);
    }

    public PrivateKey key() throws Exception {
        return (PrivateKey) store.getKey(alias, PASSWORD.toCharArray());
    }

    public X509Certificate certificate() throws Exception {
        return (X509Certificate) store.getCertificate(alias);
    }
}
