package ai.matrix.architect.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Start-up lines about variables of the original product that mean nothing here, so that a deployment carrying
 * them over is told instead of left guessing.
 */
@Component
class StartupNotes {
    private static final Logger log = LoggerFactory.getLogger(StartupNotes.class);

    StartupNotes(Environment env) {
        String redis = env.getProperty("REDIS_URL");
        if (redis != null && !redis.isBlank()) log.info(REDIS_IGNORED);
    }

    static final String REDIS_IGNORED = "REDIS_URL is set and ignored: the job queue lives in the database"
            + " (db-scheduler on DATABASE_URL, or the embedded H2), so no Redis is needed";
}
