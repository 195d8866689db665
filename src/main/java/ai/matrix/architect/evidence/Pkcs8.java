package ai.matrix.architect.evidence;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.spec.ECPoint;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the public point that a PKCS#8 EC private key carries in its inner {@code ECPrivateKey} (RFC 5915, the
 * optional {@code [1] publicKey}). The JDK parses the private key but neither exposes that point nor multiplies
 * points, and no library in the build does this without pulling in a whole provider, so this small DER walk is
 * our own.
 */
final class Pkcs8 {
    private Pkcs8() {}

    /** A DER element: its tag, and where its contents start and end in the buffer. */
    private record Element(int tag, int start, int end) {}

    static Optional<ECPoint> embeddedPublicPoint(byte[] pkcs8) throws GeneralSecurityException {
        Element info = read(pkcs8, 0, pkcs8.length);
        expect(info, 0x30);
        Element version = read(pkcs8, info.start(), info.end());
        Element algorithm = read(pkcs8, version.end(), info.end());
        Element privateKey = read(pkcs8, algorithm.end(), info.end());
        expect(privateKey, 0x04);
        Element ecKey = read(pkcs8, privateKey.start(), privateKey.end());
        expect(ecKey, 0x30);
        int at = ecKey.start();
        while (at < ecKey.end()) {
            Element e = read(pkcs8, at, ecKey.end());
            if (e.tag() == 0xA1) {
                Element bits = read(pkcs8, e.start(), e.end());
                expect(bits, 0x03);
                // one byte of unused bits (0), then the uncompressed point 04 || X || Y
                byte[] point = Arrays.copyOfRange(pkcs8, bits.start() + 1, bits.end());
                if (point.length != 65 || point[0] != 0x04) {
                    throw new GeneralSecurityException("the embedded public key is not an uncompressed P-256 point");
                }
                return Optional.of(new ECPoint(
                        new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                        new BigInteger(1, Arrays.copyOfRange(point, 33, 65))));
            }
            at = e.end();
        }
        return Optional.empty();
    }

    private static void expect(Element e, int tag) throws GeneralSecurityException {
        if (e.tag() != tag) throw new GeneralSecurityException("malformed PKCS#8 EC key");
    }

    private static Element read(byte[] der, int at, int limit) throws GeneralSecurityException {
        if (at + 2 > limit) throw new GeneralSecurityException("truncated PKCS#8 EC key");
        int tag = der[at] & 0xFF;
        int length = der[at + 1] & 0xFF;
        int start = at + 2;
        if (length > 0x80) {
            int bytes = length & 0x7F;
            if (bytes > 3 || start + bytes > limit) throw new GeneralSecurityException("malformed PKCS#8 EC key");
            length = 0;
            for (int i = 0; i < bytes; i++) length = (length << 8) | (der[start + i] & 0xFF);
            start += bytes;
        } else if (length == 0x80) {
            throw new GeneralSecurityException("indefinite lengths are not DER");
        }
        if (start + length > limit) throw new GeneralSecurityException("truncated PKCS#8 EC key");
        return new Element(tag, start, start + length);
    }
}
