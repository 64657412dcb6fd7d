package dev.berth.platform.kubernetes;

import dev.berth.platform.kubernetes.Workload.EgressRule;
import dev.berth.platform.kubernetes.Workload.SecretVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Environments the tests render: Notejam's three services, each way of routing, calling and reaching out. */
final class Clusters {

    static final String NAMESPACE = "notejam-dev";
    static final String PROJECT = "notejam";
    static final String DOMAIN = "notejam.local";
    static final String DATABASE_SUBNETS = "10.0.32.0/20";
    static final String CACHE_SUBNETS = "10.0.48.0/20";
    static final String MAIL_SECRET = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:notejam/dev/mail-AbCdEf";

    private Clusters() {
    }

    /** web (the default route) calls api (/api/*), which calls the internal worker and reaches the database and AWS. */
    static List<Workload.Props> notejam() {
        Map<String, String> webVariables = new LinkedHashMap<>();
        webVariables.put("SPRING_PROFILES_ACTIVE", "prod");
        // A value kubectl's YAML 1.1 would read as a boolean, were it written bare.
        webVariables.put("CACHE_ENABLED", "y");
        webVariables.put("SERVER_PORT", "8080");
        Workload.Props web = Workload.Props.builder()
                .name("web")
                .image("123456789012.dkr.ecr.eu-central-1.amazonaws.com/notejam/web:3f9c2a1")
                .healthCheckPath("/actuator/health")
                .route(IngressPath.DEFAULT_ROUTE)
                .size(500, 1024)
                .replicas(2, 6)
                .cpuTargetPercent(70)
                .variables(webVariables)
                .publicUrl("https://notejam.example.com")
                .calls(List.of("api"))
                .build();
        Workload.Props api = Workload.Props.builder()
                .name("api")
                .image("123456789012.dkr.ecr.eu-central-1.amazonaws.com/notejam/api:3f9c2a1")
                .port(9090)
                .healthCheckPath("/health")
                .route("/api/*")
                .size(1000, 2048)
                .replicas(1, 4)
                .secrets(List.of(
                        SecretVariable.field("DATABASE_USER", "notejam/dev/database", "username"),
                        SecretVariable.field("DATABASE_PASSWORD", "notejam/dev/database", "password"),
                        SecretVariable.whole("MAIL_API_KEY", MAIL_SECRET)))
                .calls(List.of("worker"))
                .egress(List.of(new EgressRule(DATABASE_SUBNETS, 5432), new EgressRule(CACHE_SUBNETS, 6379)))
                .httpsAnywhere(true)
                .build();
        Workload.Props worker = Workload.Props.builder()
                .name("worker")
                .image("123456789012.dkr.ecr.eu-central-1.amazonaws.com/notejam/worker@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .size(250, 512)
                .readOnlyRootFilesystem(false)
                .runAsUser(10001)
                .secrets(List.of(SecretVariable.whole("QUEUE_TOKEN", "notejam/dev/queue")))
                .build();
        Workload.Props status = Workload.Props.builder()
                .name("status")
                .image("123456789012.dkr.ecr.eu-central-1.amazonaws.com/notejam/status:1.0.0")
                .route("/status")
                .size(250, 512)
                .build();
        return List.of(web, api, worker, status);
    }

    static KubernetesManifests manifests(List<Workload.Props> workloads) {
        return KubernetesManifests.builder()
                .namespace(NAMESPACE)
                .project(PROJECT)
                .serviceDomain(DOMAIN)
                .workloads(workloads)
                .build();
    }

    static KubernetesManifests notejamManifests() {
        return manifests(notejam());
    }
}
