package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.BucketReplication;
import dev.berth.model.CacheModel;
import dev.berth.model.ComputeModel;
import dev.berth.model.InstanceType;
import dev.berth.model.KubernetesCluster;
import dev.berth.model.NodeGroup;
import dev.berth.model.DatabaseModel;
import dev.berth.model.Alerts;
import dev.berth.model.EdgeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.NetworkModel;
import dev.berth.model.Schedule;
import dev.berth.model.ServiceModel;
import dev.berth.model.Services;
import dev.berth.model.Sites;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.data.DataMapping;
import dev.berth.platform.kubernetes.KubernetesManifests;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.edge.OriginVerification;
import dev.berth.platform.edge.RenderedSite;
import dev.berth.platform.edge.WafRules;
import dev.berth.platform.operations.AlarmRules;
import dev.berth.platform.operations.OffHours;
import dev.berth.platform.network.Flow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code berth plan} prints: the environment as resolved, then what the synthesized templates hold (stacks,
 * resources, outputs, acknowledged policy rules with their reasons), and the traffic graph the security groups
 * and network ACLs were made from.
 */
final class PlanReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Acknowledgment ids of the policy gate's rule pack carry this prefix; others are the CDK's own. */
    private static final String POLICY_PACK = "AwsSolutions::";

    private final EnvironmentModel model;
    private final Path assembly;
    private final EnvironmentAssembly stacks;
    private final Map<String, JsonNode> templates;

    private PlanReport(EnvironmentModel model, Path assembly, EnvironmentAssembly stacks, Map<String, JsonNode> templates) {
        this.model = model;
        this.assembly = assembly;
        this.stacks = stacks;
        this.templates = templates;
    }

    static PlanReport of(EnvironmentModel model, Path assembly, EnvironmentAssembly stacks) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (String stack : stacks.stackNames()) {
            Path file = assembly.resolve(stack + ".template.json");
            try {
                templates.put(stack, JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new PlanReport(model, assembly, stacks, templates);
    }

    /**
     * What a service uses of the data tier, as plan shows it: a database, a bucket and secrets are retained when the
     * service is removed from berth.yaml, and plan says so before anyone does.
     */
    private List<String> uses(ServiceModel service) {
        List<String> uses = new ArrayList<>();
        service.database().ifPresent(database -> uses.add("database and role " + database.databaseName() + " ("
                + model.naming().serviceDatabaseSecretName(service.name()) + ", kept if the service is removed)"));
        service.cache().ifPresent(cache -> uses.add("cache"));
        if (service.uses().bucket()) {
            uses.add("bucket (BUCKET_NAME, kept if the service is removed)"
                    + model.find(BucketReplication.class).map(replication -> ", copied to " + replication.replicaRegion()).orElse(""));
        }
        List<String> secrets = new ArrayList<>();
        service.uses().variables().secrets().forEach(secret -> secrets.add(model.naming().declaredSecretName(service.name(), secret)));
        model.services().sharedSecrets().forEach(secret -> secrets.add(model.naming().declaredSecretName(Services.SHARED, secret)));
        if (!secrets.isEmpty()) {
            uses.add("secrets " + String.join(", ", secrets));
        }
        if (!service.uses().calls().isEmpty()) {
            uses.add("calls " + String.join(", ", service.uses().calls()));
        }
        return uses;
    }

    /** The environment's own instances, where a service runs on them: the ECS capacity provider's, the cluster's. */
    private void compute(StringBuilder out) {
        ComputeModel compute = model.part(ComputeModel.class);
        if (ComputeMapping.usesInstances(model)) {
            out.append("  instances ECS capacity provider: ").append(describe(compute.ec2()))
                    .append(", ECS managed scaling and draining\n");
        }
        if (KubernetesMapping.hasCluster(model)) {
            KubernetesCluster cluster = compute.kubernetes();
            out.append("  cluster   Kubernetes ").append(KubernetesCluster.VERSION).append(" (kubeadm): control plane ")
                    .append(cluster.controlPlane().name()).append(", workers ").append(describe(cluster.workers()))
                    .append(cluster.prebakedImage().map(image -> ", image " + image).orElse(", Amazon Linux 2023 set up at boot"))
                    .append("; Traefik on node port ").append(KubernetesManifests.INGRESS_NODE_PORT).append('\n');
        }
    }

    private static String describe(NodeGroup group) {
        return group.instanceTypes().stream().map(InstanceType::name).collect(Collectors.joining(", ")) + " ("
                + group.architecture().yamlName() + (group.spot() ? ", Spot" : ", on-demand") + "), " + group.minNodes() + "–"
                + group.maxNodes() + " instances";
    }

    String render() {
        StringBuilder out = new StringBuilder();
        NetworkModel network = model.network();
        DatabaseModel database = model.database();
        out.append("Plan of ").append(model.naming().project()).append(' ').append(model.name())
                .append(" (profile ").append(model.profile()).append(") in ").append(model.naming().region())
                .append(model.naming().account() == null ? "" : ", account " + model.naming().account()).append('\n');
        out.append("  network   ").append(network.cidr()).append(" over ").append(String.join(", ", network.zones()))
                .append(", NAT ").append(network.nat().yamlName()).append(network.interfaceEndpoints() ? ", interface endpoints" : "")
                .append('\n');
        edge(out);
        for (ServiceModel service : model.services().all()) {
            ServiceModel.Capacity capacity = service.capacity();
            out.append("  service   ").append(service.name()).append(": ").append(capacity.size().yamlName()).append(", ")
                    .append(capacity.minTasks()).append('–').append(capacity.maxTasks())
                    .append(' ').append(service.runtime().units()).append(" on ")
                    .append(service.runtime().describe()).append(", ")
                    .append(service.routing().internal() ? "internal (" + service.name() + "." + model.naming().serviceNamespace()
                            + ")" : service.routing().frontEnd() ? "front end of site " + frontEndOf(service)
                            : service.routing().path().map(path -> "routes " + path).orElse("default route"))
                    .append(capacity.scaleToZero().map(idle -> ", sleeps after " + idle.toMinutes() + " min without a request"
                            + " (the next wakes it, 503 meanwhile)").orElse("")).append('\n');
        }
        compute(out);
        for (ServiceModel service : model.services().all()) {
            List<String> uses = uses(service);
            if (!uses.isEmpty()) {
                out.append("  data      ").append(service.name()).append(": ").append(String.join("; ", uses)).append('\n');
            }
        }
        if (DataMapping.hasDatabase(model)) {
            out.append("  database  PostgreSQL ").append(database.postgresMajor()).append(", ").append(database.instanceClass())
                    .append(", ").append(database.multiAz() ? "Multi-AZ" : "single-AZ").append(", backups ")
                    .append(database.backupRetentionDays()).append(" d")
                    .append(database.readReplicas() > 0 ? ", " + database.readReplicas() + " read replica(s)" : "")
                    .append(model.lifecycle().deletionProtection() ? ", deletion protection" : "").append('\n');
        } else {
            out.append("  database  none: no service declares one\n");
        }
        model.find(CacheModel.class).ifPresent(cache -> out.append("  cache     Redis ").append(cache.engineVersion()).append(", ")
                .append(cache.nodes()).append(" × ").append(cache.nodeType()).append(cache.multiAz() ? ", Multi-AZ with failover" : "")
                .append(", TLS and auth token\n"));
        List<String> emails = model.find(Alerts.class).map(Alerts::emails).orElse(List.of());
        // The alarms watch ECS services; the cluster's services are the cluster's to watch.
        List<ServiceModel> onEcs = model.services().all().stream().filter(ComputeMapping::onEcs).toList();
        long routedOnEcs = onEcs.stream().filter(service -> !service.routing().internal()).count();
        out.append("  alerts    ").append(AlarmRules.count((int) routedOnEcs, onEcs.size() - (int) routedOnEcs, DataMapping.hasDatabase(model),
                model.services().all().stream().anyMatch(service -> service.capacity().scaleToZero().isPresent()))).append(" alarms to topic ")
                .append(model.naming().prefix()).append("-alerts (")
                .append(emails.isEmpty() ? "no e-mail yet: alerts.email" : String.join(", ", emails)).append("), dashboard ")
                .append(model.naming().prefix()).append('\n');
        out.append("  schedule  ").append(model.find(Schedule.class).flatMap(Schedule::hours).map(hours -> "awake "
                + hours.days().stream().sorted().map(day -> day.name().substring(0, 1) + day.name().substring(1, 3).toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(",")) + " " + hours.wake() + "-" + hours.sleep() + " " + hours.zone()
                + "; outside, the services at 0 tasks and the database stopped (it starts " + OffHours.DATABASE_LEAD_MINUTES
                + " min earlier)").orElse("always awake")).append('\n');
        out.append("  assembly  ").append(assembly).append('\n');

        out.append("\nStacks\n");
        templates.forEach((stack, template) -> out.append(String.format("  %-32s %4d resources%n",
                stack, template.path("Resources").size())));

        out.append("\nResources by type\n");
        templates.forEach((stack, template) -> {
            out.append("  ").append(stack).append('\n');
            countByType(template).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> out.append(String.format("    %-48s %3d%n", entry.getKey(), entry.getValue())));
        });

        out.append("\nTraffic (every allowed connection; the security groups and network ACLs are made from it)\n");
        for (Flow flow : stacks.traffic().fromTheOutside()) {
            out.append("  ").append(flow).append('\n');
        }

        out.append("\nOutputs\n");
        templates.forEach((stack, template) -> template.path("Outputs").fields().forEachRemaining(output -> {
            // The CDK's own exports between the stacks are plumbing, not results.
            if (!output.getKey().startsWith("ExportsOutput")) {
                out.append(String.format("  %-32s %-20s %s%n", stack, output.getKey(),
                        output.getValue().path("Description").asText("")));
            }
        }));

        out.append("\nPolicy: AwsSolutions passed. Acknowledged findings, each with its reason:\n");
        acknowledgments().forEach((rule, reasons) -> reasons.forEach(reason -> out.append("  ")
                .append(rule).append(": ").append(reason).append('\n')));
        return out.toString();
    }

    /** Where users arrive and what stands between them and the services: CDN, firewall, DNS, sites. */
    private void edge(StringBuilder out) {
        EdgeModel edge = model.edge();
        String domain = edge.https() ? "https://" + edge.domain() : null;
        Optional<EdgeModel.Cdn> cdn = edge.distribution();
        if (cdn.isPresent()) {
            out.append("  edge      ").append(domain != null ? domain : "https://<the distribution's address>")
                    .append(" → CloudFront (HTTP/2 and 3, price class ").append(cdn.get().priceClass().yamlName())
                    .append(") → load balancer on ").append(edge.originPort()).append(" with ").append(OriginVerification.HEADER)
                    .append(", which answers 403 without it\n");
            out.append("            behaviours: default → load balancer, not cached");
            model.services().all().forEach(service -> service.assets().ifPresent(files -> out.append("; ")
                    .append(files.pathPattern()).append(" → assets bucket, cached (").append(service.name()).append(')')));
            out.append('\n');
        } else {
            out.append("  edge      ").append(domain != null ? domain + " → load balancer (80 redirects to 443)"
                    : "http://<the load balancer's address> on 80 (no domain, no CDN)").append('\n');
        }
        edge.firewall().ifPresent(waf -> {
            List<String> on = new ArrayList<>();
            if (cdn.isPresent() || !sites().isEmpty()) {
                on.add("CloudFront");
            }
            if (cdn.isEmpty()) {
                on.add("the load balancer");
            }
            out.append("  firewall  on ").append(String.join(" and ", on)).append(": ").append(WafRules.RATE_RULE).append(" (")
                    .append(waf.rateLimit()).append(" per 5 min), ").append(WafRules.METADATA_RULE).append(" (path, query, body), ")
                    .append(String.join(", ", WafRules.MANAGED_GROUPS)).append('\n');
        });
        for (Sites.Site site : sites()) {
            out.append("  site      ").append(site.name()).append(": ")
                    .append(site.domain() != null ? "https://" + site.domain() : "https://<its distribution's address>")
                    .append(" from its bucket, unknown paths answered with index.html\n");
        }
        for (Sites.Rendered site : model.find(Sites.class).map(Sites::rendered).orElse(List.of())) {
            boolean appRunner = model.services().named(site.service()).map(service -> service.runtime() instanceof dev.berth.model.Runtime.AppRunner)
                    .orElse(false);
            out.append("  site      ").append(site.name()).append(": ")
                    .append(site.domain() != null ? "https://" + site.domain() : "https://<its distribution's address>")
                    .append(" → its own CloudFront, not cached → ")
                    .append(appRunner ? "App Runner (" + site.service() + "), whose regional web ACL requires " + OriginVerification.HEADER
                            : "load balancer with " + OriginVerification.HEADER + " and " + RenderedSite.SITE_HEADER + ": " + site.name()
                                    + " → " + site.service())
                    .append('\n');
        }
        List<String> certified = new ArrayList<>();
        if (edge.https() && (edge.certificateArn() == null || cdn.isPresent())) {
            certified.add(edge.domain());
        }
        sites().stream().map(Sites.Site::domain).filter(Objects::nonNull).forEach(certified::add);
        model.find(Sites.class).map(Sites::rendered).orElse(List.of()).stream().map(Sites.Rendered::domain).filter(Objects::nonNull)
                .forEach(certified::add);
        if (!certified.isEmpty()) {
            out.append("  dns       ").append(edge.hostedZone().map(zone -> "Berth writes the certificates' validation records"
                    + " and the aliases in zone " + zone).orElse("deploy waits for the DNS validation record ACM asks for ("
                    + String.join(", ", certified) + "): add it when the certificate is created, or set edge.hosted_zone"
                    + " for Berth to write it")).append('\n');
        }
    }

    private String frontEndOf(ServiceModel service) {
        return model.find(Sites.class).flatMap(sites -> sites.frontEndOf(service.name())).map(Sites.Rendered::name).orElse("?");
    }

    private List<Sites.Site> sites() {
        return model.find(Sites.class).map(Sites::all).orElse(List.of());
    }

    private static Map<String, Integer> countByType(JsonNode template) {
        Map<String, Integer> counts = new TreeMap<>();
        template.path("Resources").forEach(resource -> counts.merge(resource.path("Type").asText(), 1, Integer::sum));
        return counts;
    }

    /** Each acknowledged rule with its distinct reasons, read from the templates' cdk_nag metadata. */
    private Map<String, Set<String>> acknowledgments() {
        Map<String, Set<String>> rules = new TreeMap<>();
        for (JsonNode template : templates.values()) {
            for (JsonNode resource : template.path("Resources")) {
                for (JsonNode rule : resource.path("Metadata").path("cdk_nag").path("rules_to_suppress")) {
                    String id = rule.path("id").asText();
                    if (id.startsWith(POLICY_PACK)) {
                        rules.computeIfAbsent(id.substring(POLICY_PACK.length()), key -> new LinkedHashSet<>())
                                .add(rule.path("reason").asText());
                    }
                }
            }
        }
        return rules;
    }
}
