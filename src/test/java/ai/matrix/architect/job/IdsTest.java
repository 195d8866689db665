package ai.matrix.architect.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsArePrefixedUniqueAndSortByCreationTime() {
        Clock now = Clock.systemUTC();
        String first = Ids.next("job", now);
        // two milliseconds later, by moving the clock rather than sleeping
        String second = Ids.next("job", Clock.offset(now, java.time.Duration.ofMillis(2)));
        assertThat(first).startsWith("job_").hasSize(30);
        assertThat(second).isGreaterThan(first);
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) many.add(Ids.next("art"));
        assertThat(many).hasSize(10_000);
    }

    @Test
    void idsMadeWhileTheClockStandsStillStillSortInTheOrderTheyWereMade() {
        Clock stopped = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        String previous = Ids.next("job", stopped);
        for (int i = 0; i < 1000; i++) {
            String id = Ids.next("job", stopped);
            assertThat(id).hasSize(30).isGreaterThan(previous);
            previous = id;
        }
    }
}
