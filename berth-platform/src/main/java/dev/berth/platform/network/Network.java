package dev.berth.platform.network;

import dev.berth.config.Cidr;
import dev.berth.config.NatMode;
import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.AclCidr;
import software.amazon.awscdk.services.ec2.AclTraffic;
import software.amazon.awscdk.services.ec2.Action;
import software.amazon.awscdk.services.ec2.CommonNetworkAclEntryOptions;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.NetworkAcl;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.TrafficDirection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC of an environment: public subnets (load balancer, NAT), compute subnets (tasks, interface
 * endpoints) and data subnets (database, cache) with no route out, over 2 or 3 AZs. Network ACLs deny
 * by default and allow only the flows of the architecture; flow logs record every accepted and rejected
 * connection.
 */
public final class Network extends Construct {

    public static final String PUBLIC = "public";
    public static final String COMPUTE = "compute";
    public static final String DATA = "data";

    private static final int EPHEMERAL_FROM = 1024;
    private static final int EPHEMERAL_TO = 65535;
    private static final String ANYWHERE = "0.0.0.0/0";

    private final Vpc vpc;
    private final SecurityGroup endpointSecurityGroup;
    private final Map<String, NetworkAcl> networkAcls = new LinkedHashMap<>();
    private final LogGroup flowLogGroup;

    public Network(Construct scope, String id, NetworkProps props) {
        super(scope, id);
        Cidr cidr = Cidr.parse(props.cidr(), new String[1])
                .orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + props.cidr()));
        // Nine subnets (three tiers over up to three AZs) fit in sixteen equal blocks.
        int subnetMask = cidr.prefix() + 4;
        SubnetType computeType = props.nat() == NatMode.NONE ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(props.cidr()))
                .availabilityZones(props.availabilityZones().isEmpty()
                        ? availabilityZones(Stack.of(this).getRegion(), props.azs()) : props.availabilityZones())
                .natGateways(switch (props.nat()) {
                    case NONE -> 0;
                    case SINGLE -> 1;
                    case PER_AZ -> props.azs();
                })
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name(PUBLIC).subnetType(SubnetType.PUBLIC).cidrMask(subnetMask)
                                .mapPublicIpOnLaunch(false).build(),
                        SubnetConfiguration.builder().name(COMPUTE).subnetType(computeType).cidrMask(subnetMask).build(),
                        SubnetConfiguration.builder().name(DATA).subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(subnetMask).build()))
                .build();

        // Gateway endpoints cost nothing and keep S3 and DynamoDB traffic off the NAT; data subnets get none.
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).subnets(List.of(computeSubnets())).build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).subnets(List.of(computeSubnets())).build());

        if (props.interfaceEndpoints()) {
            this.endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                    .vpc(vpc)
                    .description("Interface endpoints: HTTPS from inside the VPC")
                    .allowAllOutbound(false)
                    .build();
            endpointSecurityGroup.addIngressRule(Peer.ipv4(props.cidr()), Port.tcp(443), "HTTPS from the VPC");
            Map<String, InterfaceVpcEndpointAwsService> services = new LinkedHashMap<>();
            services.put("EcrApi", InterfaceVpcEndpointAwsService.ECR);
            services.put("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
            services.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
            services.put("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
            services.put("Ssm", InterfaceVpcEndpointAwsService.SSM);
            services.put("Kms", InterfaceVpcEndpointAwsService.KMS);
            services.forEach((name, service) -> vpc.addInterfaceEndpoint(name, InterfaceVpcEndpointOptions.builder()
                    .service(service)
                    .subnets(computeSubnets())
                    .privateDnsEnabled(true)
                    .securityGroups(List.of(endpointSecurityGroup))
                    .open(false)
                    .build()));
        } else {
            this.endpointSecurityGroup = null;
        }

        this.flowLogGroup = LogGroup.Builder.create(this, "FlowLogs")
                .retention(props.flowLogRetention())
                .encryptionKey(props.encryptionKey())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup))
                .trafficType(FlowLogTrafficType.ALL)
                .build());

        addNetworkAcls(props);
        PolicyGate.acknowledge(this, "AwsSolutions-VPC3", "Network ACLs are asked for by the architecture (seed 004:"
                + " default deny, explicit allow) as a second layer under the security groups; they are generated from"
                + " the subnet layout and service ports, so they are not hand-maintained.");
    }

    /**
     * AZ names by suffix: deterministic without an account lookup, so any account synthesizes the same template.
     * Where an account lacks these letters, berth.yaml names the zones (availability_zones).
     */
    static List<String> availabilityZones(String region, int count) {
        List<String> suffixes = region.equals("ap-northeast-1") ? List.of("a", "c", "d") : List.of("a", "b", "c");
        return suffixes.subList(0, count).stream().map(suffix -> region + suffix).toList();
    }

    private void addNetworkAcls(NetworkProps props) {
        boolean nat = props.nat() != NatMode.NONE;
        List<String> publicCidrs = cidrs(vpc.getPublicSubnets());
        List<String> computeCidrs = cidrs(computeSubnetList());
        List<String> dataCidrs = cidrs(vpc.selectSubnets(dataSubnets()).getSubnets());

        NetworkAcl publicAcl = acl(PUBLIC, publicSubnets());
        Rules publicIn = new Rules(publicAcl, TrafficDirection.INGRESS);
        publicIn.allow(ANYWHERE, AclTraffic.tcpPort(443));
        publicIn.allow(ANYWHERE, AclTraffic.tcpPort(80));
        // Replies to the load balancer's connections and to connections the NAT made on the tasks' behalf.
        publicIn.allow(ANYWHERE, AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));
        if (nat) {
            publicIn.allow(props.cidr(), AclTraffic.tcpPort(443));
            publicIn.allow(props.cidr(), AclTraffic.tcpPort(80));
        }
        Rules publicOut = new Rules(publicAcl, TrafficDirection.EGRESS);
        publicOut.allow(ANYWHERE, AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));
        for (String compute : computeCidrs) {
            for (int port : props.servicePorts()) {
                publicOut.allow(compute, AclTraffic.tcpPort(port));
            }
        }
        if (nat) {
            publicOut.allow(ANYWHERE, AclTraffic.tcpPort(443));
            publicOut.allow(ANYWHERE, AclTraffic.tcpPort(80));
        }

        NetworkAcl computeAcl = acl(COMPUTE, computeSubnets());
        Rules computeIn = new Rules(computeAcl, TrafficDirection.INGRESS);
        for (String publicCidr : publicCidrs) {
            for (int port : props.servicePorts()) {
                computeIn.allow(publicCidr, AclTraffic.tcpPort(port));
            }
        }
        // Interface endpoints live in the compute subnets: tasks of another AZ reach them on 443.
        computeIn.allow(props.cidr(), AclTraffic.tcpPort(443));
        computeIn.allow(nat ? ANYWHERE : props.cidr(), AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));
        Rules computeOut = new Rules(computeAcl, TrafficDirection.EGRESS);
        computeOut.allow(nat ? ANYWHERE : props.cidr(), AclTraffic.tcpPort(443));
        if (nat) {
            computeOut.allow(ANYWHERE, AclTraffic.tcpPort(80));
        }
        for (String data : dataCidrs) {
            for (int port : props.dataPorts()) {
                computeOut.allow(data, AclTraffic.tcpPort(port));
            }
        }
        computeOut.allow(props.cidr(), AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));

        NetworkAcl dataAcl = acl(DATA, dataSubnets());
        Rules dataIn = new Rules(dataAcl, TrafficDirection.INGRESS);
        Rules dataOut = new Rules(dataAcl, TrafficDirection.EGRESS);
        for (String compute : computeCidrs) {
            for (int port : props.dataPorts()) {
                dataIn.allow(compute, AclTraffic.tcpPort(port));
            }
            dataOut.allow(compute, AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));
        }
    }

    private NetworkAcl acl(String tier, SubnetSelection subnets) {
        NetworkAcl acl = NetworkAcl.Builder.create(this, Character.toUpperCase(tier.charAt(0)) + tier.substring(1) + "Acl")
                .vpc(vpc)
                .subnetSelection(subnets)
                .build();
        networkAcls.put(tier, acl);
        return acl;
    }

    /** Numbers a NACL's allow entries in order; anything not allowed falls to the implicit deny. */
    private static final class Rules {
        private final NetworkAcl acl;
        private final TrafficDirection direction;
        private int next = 100;

        Rules(NetworkAcl acl, TrafficDirection direction) {
            this.acl = acl;
            this.direction = direction;
        }

        void allow(String cidr, AclTraffic traffic) {
            String id = (direction == TrafficDirection.INGRESS ? "In" : "Out") + next;
            acl.addEntry(id, CommonNetworkAclEntryOptions.builder()
                    .ruleNumber(next)
                    .cidr(AclCidr.ipv4(cidr))
                    .traffic(traffic)
                    .direction(direction)
                    .ruleAction(Action.ALLOW)
                    .build());
            next += 10;
        }
    }

    private static List<String> cidrs(List<ISubnet> subnets) {
        List<String> cidrs = new ArrayList<>();
        for (ISubnet subnet : subnets) {
            cidrs.add(Objects.requireNonNull(subnet.getIpv4CidrBlock()));
        }
        return cidrs;
    }

    public Vpc getVpc() {
        return vpc;
    }

    public SubnetSelection computeSubnets() {
        return SubnetSelection.builder().subnetGroupName(COMPUTE).build();
    }

    public SubnetSelection dataSubnets() {
        return SubnetSelection.builder().subnetGroupName(DATA).build();
    }

    public SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    private List<ISubnet> computeSubnetList() {
        return vpc.selectSubnets(computeSubnets()).getSubnets();
    }

    /** The interface endpoints' group, when there are interface endpoints. */
    public Optional<SecurityGroup> getEndpointSecurityGroup() {
        return Optional.ofNullable(endpointSecurityGroup);
    }

    public Map<String, NetworkAcl> getNetworkAcls() {
        return Map.copyOf(networkAcls);
    }

    public LogGroup getFlowLogGroup() {
        return flowLogGroup;
    }
}
