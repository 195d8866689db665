package ai.matrix.architect.job;

import java.security.SecureRandom;

/**
 * Opaque, prefixed, time-ordered ids ({@code job_01J…}): 48 bits of milliseconds and 80 random bits in
 * Crockford base32, so that ids sort by creation time like ULIDs.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next(String prefix) {
        long time = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        StringBuilder sb = new StringBuilder(prefix).append('_');
        for (int i = 9; i >= 0; i--) sb.append(ALPHABET[(int) ((time >>> (i * 5)) & 31)]);
        long hi = 0;
        for (int i = 0; i < 5; i++) hi = (hi << 8) | (random[i] & 0xff);
        long lo = 0;
        for (int i = 5; i < 10; i++) lo = (lo << 8) | (random[i] & 0xff);
        for (int i = 7; i >= 0; i--) sb.append(ALPHABET[(int) ((hi >>> (i * 5)) & 31)]);
        for (int i = 7; i >= 0; i--) sb.append(ALPHABET[(int) ((lo >>> (i * 5)) & 31)]);
        return sb.toString();
    }
}
