package ai.matrix.architect.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsArePrefixedUniqueAndSortByCreationTime() throws Exception {
        String first = Ids.next("job");
        Thread.sleep(2);
        String second = Ids.next("job");
        assertThat(first).startsWith("job_").hasSize(30);
        assertThat(second).isGreaterThan(first);
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) many.add(Ids.next("art"));
        assertThat(many).hasSize(10_000);
    }
}
