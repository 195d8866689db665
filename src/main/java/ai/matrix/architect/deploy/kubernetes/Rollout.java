package ai.matrix.architect.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Where one workload's rollout stands, read from its status the way {@code kubectl rollout status} reads it: the
 * controller has observed the applied generation, every wanted replica is updated, ready and available, and no
 * old replica is left; a Job is done when it completed, and failed when its Failed condition is true.
 */
record Rollout(String workload, boolean done, boolean failed, String words) {

    /** Kinds whose rollout is waited for; everything else is done once applied. */
    static boolean waitsFor(HasMetadata o) {
        return o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet || o instanceof Job;
    }

    static Rollout of(KubernetesClient client, String namespace, HasMetadata applied) {
        String what = applied.getKind().toLowerCase(java.util.Locale.ROOT) + "/"
                + applied.getMetadata().getName();
        HasMetadata live = client.resource(applied).inNamespace(namespace).get();
        if (live == null) return new Rollout(what, false, false, what + ": not found");
        Long generation = live.getMetadata().getGeneration();
        return switch (live) {
            case Deployment d -> deployment(what, generation, d);
            case StatefulSet s -> statefulSet(what, generation, s);
            case DaemonSet d -> daemonSet(what, generation, d);
            case Job j -> job(what, j);
            default -> new Rollout(what, true, false, what + ": applied");
        };
    }

    private static boolean observed(Long generation, Long observed) {
        return generation == null || (observed != null && observed >= generation);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static Rollout deployment(String what, Long generation, Deployment d) {
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus s = d.getStatus();
        if (s == null || !observed(generation, s.getObservedGeneration())) {
            return new Rollout(what, false, false, what + ": waiting for the controller to observe it");
        }
        String words = what + ": " + n(s.getReadyReplicas()) + "/" + wanted + " ready, " + n(s.getUpdatedReplicas())
                + "/" + wanted + " updated, " + n(s.getAvailableReplicas()) + " available";
        boolean done = n(s.getUpdatedReplicas()) >= wanted
                && n(s.getReplicas()) <= n(s.getUpdatedReplicas())
                && n(s.getAvailableReplicas()) >= n(s.getUpdatedReplicas())
                && n(s.getReadyReplicas()) >= wanted;
        return new Rollout(what, done, false, words);
    }

    private static Rollout statefulSet(String what, Long generation, StatefulSet set) {
        int wanted = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        StatefulSetStatus s = set.getStatus();
        if (s == null || !observed(generation, s.getObservedGeneration())) {
            return new Rollout(what, false, false, what + ": waiting for the controller to observe it");
        }
        boolean revised = s.getUpdateRevision() == null || s.getUpdateRevision().equals(s.getCurrentRevision());
        boolean done = n(s.getReadyReplicas()) >= wanted && n(s.getUpdatedReplicas()) >= wanted && revised;
        return new Rollout(
                what,
                done,
                false,
                what + ": " + n(s.getReadyReplicas()) + "/" + wanted + " ready, " + n(s.getUpdatedReplicas()) + "/"
                        + wanted + " updated");
    }

    private static Rollout daemonSet(String what, Long generation, DaemonSet d) {
        DaemonSetStatus s = d.getStatus();
        if (s == null || !observed(generation, s.getObservedGeneration())) {
            return new Rollout(what, false, false, what + ": waiting for the controller to observe it");
        }
        int wanted = n(s.getDesiredNumberScheduled());
        boolean done = n(s.getUpdatedNumberScheduled()) >= wanted && n(s.getNumberAvailable()) >= wanted;
        return new Rollout(
                what,
                done,
                false,
                what + ": " + n(s.getNumberAvailable()) + "/" + wanted + " available, "
                        + n(s.getUpdatedNumberScheduled()) + "/" + wanted + " updated");
    }

    private static Rollout job(String what, Job j) {
        int wanted = j.getSpec().getCompletions() == null ? 1 : j.getSpec().getCompletions();
        JobStatus s = j.getStatus();
        if (s == null) return new Rollout(what, false, false, what + ": not started");
        boolean failed = s.getConditions() != null
                && s.getConditions().stream()
                        .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
        return new Rollout(
                what,
                n(s.getSucceeded()) >= wanted,
                failed,
                what + ": " + n(s.getSucceeded()) + "/" + wanted + " completed" + (failed ? ", failed" : ""));
    }
}
