package ai.matrix.architect.job;

import java.util.List;

public record JobPage(List<Job> items, String nextCursor) {}
