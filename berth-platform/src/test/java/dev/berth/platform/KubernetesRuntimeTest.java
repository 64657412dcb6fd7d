package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.data.Database;
import dev.berth.platform.edge.LoadBalancer;
import dev.berth.model.KubernetesCluster;
import dev.berth.platform.kubernetes.KubernetesManifests;
import dev.berth.platform.kubernetes.KubernetesVersions;
import dev.berth.platform.kubernetes.NodeBootstrap;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.kubernetes.SelfManagedCluster;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example: seed 000's self-managed cluster in the synthesized templates (the control plane, the workers,
 * their permissions, the ingress node port, the traffic graph), and its services as the objects the cluster runs.
 */
class KubernetesRuntimeTest {

    static Synthesized dev() {
        return Synthesized.example("kubernetes", "dev");
    }

    static Synthesized prod() {
        return Synthesized.example("kubernetes", "prod");
    }

    static JsonNode group(JsonNode app, String id) {
        return single(app, "AWS::AutoScaling::AutoScalingGroup", id).path("Properties");
    }

    static String policy(JsonNode app, String rolePrefix) {
        List<String> policies = new ArrayList<>();
        resources(app, "AWS::IAM::Policy", policy -> policy.path("Properties").path("Roles").toString().contains(rolePrefix))
                .values().forEach(policy -> policies.add(policy.path("Properties").path("PolicyDocument").toString()));
        return String.join("\n", policies);
    }

    @Test
    void oneControlPlaneInAGroupOfOneAndWorkersFromTheModel() {
        JsonNode app = dev().app();
        JsonNode controlPlane = group(app, "KubernetesControlPlaneGroup");
        assertThat(controlPlane.path("MinSize").asText()).isEqualTo("1");
        assertThat(controlPlane.path("MaxSize").asText()).isEqualTo("1");
        JsonNode workers = group(app, "KubernetesWorkersGroup");
        assertThat(workers.path("MinSize").asText()).isEqualTo("1");
        assertThat(workers.path("MaxSize").asText()).isEqualTo("4");
        assertThat(workers.path("MixedInstancesPolicy").path("InstancesDistribution").path("OnDemandPercentageAboveBaseCapacity").asInt())
                .as("Spot workers in dev").isZero();
        assertThat(workers.path("TargetGroupARNs").toString()).as("the ingress node port behind the load balancer").contains("IngressTargets");
        JsonNode prodWorkers = group(prod().app(), "KubernetesWorkersGroup");
        assertThat(prodWorkers.path("MinSize").asText()).isEqualTo("3");
        resources(app, "AWS::EC2::LaunchTemplate").values().forEach(template -> {
            JsonNode data = template.path("Properties").path("LaunchTemplateData");
            assertThat(data.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt()).as("pods never reach a node's credentials")
                    .isEqualTo(1);
            assertThat(data.path("BlockDeviceMappings").get(0).path("Ebs").path("Encrypted").asBoolean()).isTrue();
            assertThat(data.has("KeyName")).isFalse();
        });
    }

    @Test
    void theNodesBootFromTheBundleWithTheClustersSettings() {
        JsonNode app = dev().app();
        String controlPlane = single(app, "AWS::EC2::LaunchTemplate", "KubernetesControlPlaneLaunchTemplate")
                .path("Properties").path("LaunchTemplateData").path("UserData").toString();
        assertThat(controlPlane).contains("BERTH_CLUSTER='catalog-dev'").contains("BERTH_API_ENDPOINT='kube-api.catalog.local'")
                .contains("BERTH_JOIN_PARAMETER='/catalog/dev/kubernetes/join-command'").contains("BERTH_KUBERNETES_VERSION='1.37.0'")
                .contains("BERTH_PREBAKED='false'").contains("bash /opt/berth/bootstrap/control-plane.sh");
        String worker = single(app, "AWS::EC2::LaunchTemplate", "KubernetesWorkersLaunchTemplate")
                .path("Properties").path("LaunchTemplateData").path("UserData").toString();
        assertThat(worker).contains("bash /opt/berth/bootstrap/worker.sh");
    }

    @Test
    void workersReadTheJoinParameterAndPullTheEnvironmentsImagesAndNothingMore() {
        JsonNode app = dev().app();
        String workers = policy(app, "KubernetesWorkersRole");
        assertThat(workers).contains("ssm:GetParameter").contains("parameter/catalog/dev/kubernetes/join-command")
                .contains("ecr:BatchGetImage").doesNotContain("ssm:PutParameter").doesNotContain("secretsmanager")
                .doesNotContain("s3:PutObject").doesNotContain("servicediscovery");
        String controlPlane = policy(app, "KubernetesControlPlaneRole");
        assertThat(controlPlane).contains("ssm:PutParameter").contains("secretsmanager:GetSecretValue").contains("secret:catalog/dev/*")
                .contains("servicediscovery:RegisterInstance").contains("etcd/*").contains("pki/*").contains("manifests/*");
    }

    @Test
    void offHoursTheWorkersStopAndTheControlPlaneStays() {
        Map<String, JsonNode> actions = resources(dev().app(), "AWS::AutoScaling::ScheduledAction");
        assertThat(actions.values()).extracting(action -> action.path("Properties").path("AutoScalingGroupName").path("Ref").asText())
                .allMatch(group -> group.startsWith("KubernetesWorkersGroup")).hasSize(2);
        assertThat(actions.values()).anySatisfy(action -> {
            assertThat(action.path("Properties").path("MaxSize").asInt()).isZero();
            assertThat(action.path("Properties").path("Recurrence").asText()).isEqualTo("0 20 * * MON,TUE,WED,THU,FRI");
        });
        assertThat(resources(prod().app(), "AWS::AutoScaling::ScheduledAction")).as("prod is always awake").isEmpty();
    }

    @Test
    void theStateBucketIsEncryptedVersionedAndKept() {
        JsonNode bucket = single(dev().app(), "AWS::S3::Bucket", "KubernetesState");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.path("Properties").path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("Properties").path("BucketEncryption").toString()).contains("aws:kms");
    }

    @Test
    void theTrafficGraphHoldsEveryClusterFlowAndTheApiServerIsReachedByTheWorkersAlone() {
        List<Flow> flows = dev().assembly().traffic().flows();
        Zone controlPlane = SelfManagedCluster.CONTROL_PLANE;
        Zone workers = SelfManagedCluster.WORKERS;
        assertThat(flows).contains(
                Flow.tcp(LoadBalancer.ZONE, workers, KubernetesManifests.INGRESS_NODE_PORT,
                        "Load balancer to the ingress controller (Traefik) on the workers node port"),
                Flow.tcp(workers, controlPlane, 6443, "Workers to the Kubernetes API server"),
                Flow.tcp(controlPlane, workers, 10250, "API server to the kubelets: logs, exec, port-forward"),
                Flow.udp(workers, workers, 4789, "Calico VXLAN: pod traffic between nodes"),
                Flow.tcp(workers, Database.ZONE, Database.PORT, "Kubernetes workers to PostgreSQL (databases web)"));
        assertThat(flows.stream().filter(flow -> flow.to().equals(controlPlane) && flow.port() == 6443))
                .extracting(Flow::from).containsExactly(workers);
        assertThat(flows).as("the cluster's services have no groups of their own")
                .noneMatch(flow -> flow.from().name().equals("WebTasks") || flow.to().name().equals("SearchTasks"));
        assertThat(flows).as("web on the cluster calls reports on ECS through Cloud Map")
                .anyMatch(flow -> flow.from().equals(workers) && flow.to().name().equals("ReportsTasks"));
        String udpIngress = resources(dev().foundation(), "AWS::EC2::SecurityGroupIngress").values().stream()
                .filter(rule -> rule.path("Properties").path("IpProtocol").asText().equals("udp")).toList().toString();
        assertThat(udpIngress).contains("4789");
    }

    @Test
    void theLoadBalancerRoutesTheClustersPathsToTheNodePortAndReportsToEcs() {
        JsonNode app = dev().app();
        Map<String, JsonNode> rules = resources(app, "AWS::ElasticLoadBalancingV2::ListenerRule");
        assertThat(rules.keySet()).anyMatch(id -> id.contains("WebOnKubernetes"));
        assertThat(rules.keySet()).noneMatch(id -> id.contains("SearchOnKubernetes"));
        assertThat(resources(app, "AWS::ECS::Service").keySet()).singleElement().satisfies(id -> assertThat(id).startsWith("Reports"));
        JsonNode targets = single(app, "AWS::ElasticLoadBalancingV2::TargetGroup", "KubernetesIngressTargets").path("Properties");
        assertThat(targets.path("Port").asInt()).isEqualTo(30080);
        assertThat(targets.path("TargetType").asText()).isEqualTo("instance");
        assertThat(targets.path("HealthCheckPath").asText()).isEqualTo("/ping");
        assertThat(app.path("Outputs").has("KubernetesStateBucket")).isTrue();
        assertThat(app.path("Outputs").has("KubernetesControlPlaneGroup")).isTrue();
        assertThat(app.path("Parameters").fieldNames()).toIterable().as("no image tag parameter for the cluster's services")
                .noneMatch(name -> name.startsWith("WebImageTag") || name.startsWith("SearchImageTag"));
    }

    /** Three zones, a database, the cache and a service on ECS: the most entries the compute subnets' ACL needs. */
    @Test
    void aClusterOverThreeZonesFitsTheNetworkAclsEntryLimit() {
        Synthesized wide = Synthesized.ofText("kubernetes-three-zones", """
                project: wide
                region: eu-central-1
                runtime: kubernetes
                cache: redis
                services:
                  - {name: web, image: {repository: wide/web}, database: true, cache: true, calls: [api]}
                  - {name: api, image: {repository: wide/api}, path: /api/*, runtime: fargate, database: true, cache: true}
                environments:
                  prod: {azs: 3}
                """, "prod");
        assertThat(resources(wide.foundation(), "AWS::EC2::NetworkAclEntry")).isNotEmpty();
        assertThat(wide.assembly().traffic().flows()).anyMatch(flow -> flow.protocol() == Flow.Protocol.UDP);
    }

    @Test
    void oneKubernetesVersionAndOneSetOfRangesForTheModelTheObjectsAndTheNodes() {
        assertThat(KubernetesCluster.VERSION).isEqualTo(KubernetesVersions.KUBERNETES_VERSION).isEqualTo(NodeBootstrap.KUBERNETES_VERSION);
        assertThat(KubernetesCluster.POD_CIDR.toString()).isEqualTo(NodeBootstrap.DEFAULT_POD_CIDR);
        assertThat(KubernetesCluster.SERVICE_CIDR.toString()).isEqualTo(NodeBootstrap.DEFAULT_SERVICE_CIDR);
    }

    @Test
    void theServicesRenderAsTheClustersObjectsWithTheirSecretsFromSecretsManager() {
        var model = dev().model();
        KubernetesManifests manifests = KubernetesMapping.manifests(model, Map.of(
                "web", "111122223333.dkr.ecr.eu-central-1.amazonaws.com/catalog/web:1.0.0",
                "search", "111122223333.dkr.ecr.eu-central-1.amazonaws.com/catalog/search:1.0.0"), "https://catalog.example.com");
        assertThat(manifests.secretSync()).contains("catalog-dev\tweb-secrets\tDB_SECRET\tcatalog/dev/web/database\t-");
        assertThat(manifests.yaml()).contains("kind: Deployment").contains("name: web").contains("name: search")
                .doesNotContain("name: reports");
    }
}
