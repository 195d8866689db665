package ai.matrix.architect.engine;

import ai.matrix.architect.job.StageName;

/**
 * One stage of the pipeline: given the job and what earlier stages produced, it does its work and returns
 * an outcome; the engine alone applies outcomes to the job. Stages must be safe to run again after a crash.
 */
public interface Stage {
    StageName name();

    StageOutcome run(StageContext context) throws Exception;
}
