package ai.matrix.architect.job;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Opaque, prefixed, time-ordered ids ({@code job_01J…}): 48 bits of milliseconds and 80 random bits in
 * Crockford base32, so that ids sort by creation time like ULIDs. Ids made in the same millisecond (or while the
 * clock stands still or steps back, as a test's clock may) keep the last time and count the random part up by
 * one, so that they still sort in the order they were made.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LOW_40 = (1L << 40) - 1;

    private static long lastTime = -1;
    private static long lastHi;
    private static long lastLo;

    private Ids() {}

    /** An id made at the system clock's time. */
    public static String next(String prefix) {
        return next(prefix, Clock.systemUTC());
    }

    /** An id made at {@code clock}'s time. */
    public static String next(String prefix, Clock clock) {
        long time;
        long hi;
        long lo;
        synchronized (Ids.class) {
            time = clock.millis();
            if (time <= lastTime) {
                time = lastTime;
                lo = (lastLo + 1) & LOW_40;
                hi = lo == 0 ? (lastHi + 1) & LOW_40 : lastHi;
            } else {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                hi = 0;
                for (int i = 0; i < 5; i++) hi = (hi << 8) | (random[i] & 0xff);
                lo = 0;
                for (int i = 5; i < 10; i++) lo = (lo << 8) | (random[i] & 0xff);
            }
            lastTime = time;
            lastHi = hi;
            lastLo = lo;
        }
        StringBuilder sb = new StringBuilder(prefix).append('_');
        for (int i = 9; i >= 0; i--) sb.append(ALPHABET[(int) ((time >>> (i * 5)) & 31)]);
        for (int i = 7; i >= 0; i--) sb.append(ALPHABET[(int) ((hi >>> (i * 5)) & 31)]);
        for (int i = 7; i >= 0; i--) sb.append(ALPHABET[(int) ((lo >>> (i * 5)) & 31)]);
        return sb.toString();
    }
}
