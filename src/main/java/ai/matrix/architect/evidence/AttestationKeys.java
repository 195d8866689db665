package ai.matrix.architect.evidence;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.secret.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ECDSA P-256 key that signs this server's attestations: taken from the secrets provider when
 * {@code architect.evidence.attestation-key} names a secret, else generated on first start and kept in
 * {@code <data dir>/keys/attestation-key.pem} (PKCS#8, owner-only), its public half beside it. The key id is
 * the SHA-256 of the public key's DER (SubjectPublicKeyInfo), in hex.
 */
@Component
public class AttestationKeys {
    private static final Logger log = LoggerFactory.getLogger(AttestationKeys.class);
    static final String PRIVATE_FILE = "attestation-key.pem";
    static final String PUBLIC_FILE = "attestation-key.pub.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    @org.springframework.beans.factory.annotation.Autowired
    public AttestationKeys(ArchitectProperties props, EvidenceProperties evidence, Secrets secrets) {
        this(
                evidence.attestationKey().isBlank()
                        ? fromDirectory(props.dataDir().resolve("keys"))
                        : fromSecret(evidence.attestationKey(), secrets));
    }

    AttestationKeys(Path dir) {
        this(fromDirectory(dir));
    }

    private AttestationKeys(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = keyId(publicKey);
    }

    private static KeyPair fromDirectory(Path dir) {
        try {
            Path file = dir.resolve(PRIVATE_FILE);
            return Files.exists(file) ? load(file) : generate(dir, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the attestation key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the attestation key in " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    /** The key pair in the secret's PEM; refuses to start with a clear reason when it is missing or unusable. */
    static KeyPair fromSecret(String reference, Secrets secrets) {
        String pem = secrets.resolve(reference)
                .orElseThrow(() -> new IllegalStateException(
                        "ARCHITECT_EVIDENCE_ATTESTATION_KEY (architect.evidence.attestation-key) names the secret '"
                                + reference + "', which the secrets provider does not have"));
        try {
            KeyPair pair = parsePair(pem);
            log.info(
                    "the attestation signing key comes from the secret '{}' (key id {})",
                    reference,
                    keyId(pair.getPublic()));
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the attestation key in the secret '" + reference + "' is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * An ECDSA P-256 key pair from PEM: a PKCS#8 {@code PRIVATE KEY} block and either a {@code PUBLIC KEY} block
     * or the public key that PKCS#8 EC keys usually carry inside them (as {@code openssl genpkey} writes). The two
     * halves must belong together: a test signature is checked.
     */
    static KeyPair parsePair(String pem) throws GeneralSecurityException {
        byte[] der = der(pem, "PRIVATE KEY");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(key instanceof ECPrivateKey priv)
                || priv.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new GeneralSecurityException("not an ECDSA P-256 private key");
        }
        PublicKey pub = pem.contains("-----BEGIN PUBLIC KEY-----")
                ? parsePublicPem(pem)
                : KeyFactory.getInstance("EC")
                        .generatePublic(new java.security.spec.ECPublicKeySpec(
                                Pkcs8.embeddedPublicPoint(der)
                                        .orElseThrow(() -> new GeneralSecurityException("the private key carries no"
                                                + " public key; add its PUBLIC KEY block (openssl pkey -pubout)")),
                                priv.getParams()));
        byte[] probe = "matrix-architect key check".getBytes(StandardCharsets.UTF_8);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(priv);
        signer.update(probe);
        byte[] sig = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pub);
        verifier.update(probe);
        if (!verifier.verify(sig)) {
            throw new GeneralSecurityException("the PUBLIC KEY block does not belong to the private key");
        }
        return new KeyPair(pub, priv);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    public String publicPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The hex SHA-256 of the key's SubjectPublicKeyInfo DER. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an EC public key from PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey parsePublicPem(String pem) throws GeneralSecurityException {
        byte[] der = der(pem, "PUBLIC KEY");
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new GeneralSecurityException("not an ECDSA P-256 public key");
        }
        return key;
    }

    private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = parsePair(Files.readString(file));
        Path pub = file.resolveSibling(PUBLIC_FILE);
        String pubPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        if (!Files.exists(pub) || !Files.readString(pub).equals(pubPem)) Files.writeString(pub, pubPem);
        return pair;
    }

    /**
     * Writes a new key pair (both PEM blocks in one owner-only file) and links it into place only if no key is
     * there yet, so that processes starting together on one data directory end up with the same key.
     */
    private static KeyPair generate(Path dir, Path file) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Path tmp = Files.createTempFile(dir, "key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data directory's own permissions protect the key
            }
            Files.writeString(
                    tmp,
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                            + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.info("generated the attestation signing key (ECDSA P-256) in {}", file);
        return load(file);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) throw new GeneralSecurityException("no " + begin + " block in the PEM text");
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new GeneralSecurityException("the PEM block is not base64: " + ex.getMessage());
        }
    }
}
