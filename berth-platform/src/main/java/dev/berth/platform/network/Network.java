package dev.berth.platform.network;

import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumMap;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.TrafficDirection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC of an environment: public subnets (load balancer, NAT), compute subnets (tasks, interface
 * endpoints) and data subnets (database, cache) with no route out, over 2 or 3 AZs. Network ACLs deny
 * by default and admit only the flows of the traffic graph; flow logs record every accepted and rejected
 * connection.
 */
public final class Network extends Construct {

    /** The interface endpoints: the tasks reach AWS's APIs through them on 443. */
    public static final Zone ENDPOINTS = Zone.group("EndpointSecurityGroup", SubnetTier.COMPUTE,
            "Interface endpoints: HTTPS from inside the VPC");
    /** Interface endpoints answer HTTPS from anywhere in the VPC (tasks of every zone). */
    public static final Flow ENDPOINT_ACCESS = Flow.tcp(Zone.VPC, ENDPOINTS, 443, "HTTPS from the VPC");

    private final String cidr;
    private final Vpc vpc;
    private final SecurityGroup endpointSecurityGroup;
    private final Map<SubnetTier, NetworkAcl> networkAcls = new EnumMap<>(SubnetTier.class);
    private final LogGroup flowLogGroup;

    public Network(Construct scope, String id, NetworkProps props) {
        super(scope, id);
        this.cidr = props.cidr();
        int prefix = Integer.parseInt(props.cidr().substring(props.cidr().indexOf('/') + 1));
        // Nine subnets (three tiers over up to three AZs) fit in sixteen equal blocks.
        int subnetMask = prefix + 4;
        SubnetType computeType = props.natGateways() == 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(props.cidr()))
                .availabilityZones(props.availabilityZones())
                .natGateways(props.natGateways())
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name(SubnetTier.PUBLIC.groupName()).subnetType(SubnetType.PUBLIC)
                                .cidrMask(subnetMask).mapPublicIpOnLaunch(false).build(),
                        SubnetConfiguration.builder().name(SubnetTier.COMPUTE.groupName()).subnetType(computeType)
                                .cidrMask(subnetMask).build(),
                        SubnetConfiguration.builder().name(SubnetTier.DATA.groupName()).subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(subnetMask).build()))
                .build();

        // Gateway endpoints cost nothing and keep S3 and DynamoDB traffic off the NAT; data subnets get none.
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).subnets(List.of(computeSubnets())).build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).subnets(List.of(computeSubnets())).build());

        if (props.interfaceEndpoints()) {
            // Its rules come from the traffic graph (ENDPOINT_ACCESS), with every other group's.
            this.endpointSecurityGroup = SecurityGroup.Builder.create(this, ENDPOINTS.name())
                    .vpc(vpc)
                    .description(ENDPOINTS.description())
                    .allowAllOutbound(false)
                    .build();
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
                + " the traffic graph that also makes the security groups, so they are not hand-maintained.");
    }

    private void addNetworkAcls(NetworkProps props) {
        Map<SubnetTier, List<String>> tierCidrs = new EnumMap<>(SubnetTier.class);
        for (SubnetTier tier : SubnetTier.values()) {
            tierCidrs.put(tier, cidrs(vpc.selectSubnets(subnets(tier)).getSubnets()));
        }
        AclEntries.of(props.traffic(), tierCidrs, props.cidr(), props.natGateways() > 0).forEach((tier, entries) -> {
            NetworkAcl acl = NetworkAcl.Builder.create(this, Character.toUpperCase(tier.groupName().charAt(0))
                            + tier.groupName().substring(1) + "Acl")
                    .vpc(vpc)
                    .subnetSelection(subnets(tier))
                    .build();
            networkAcls.put(tier, acl);
            allow(acl, TrafficDirection.INGRESS, entries.inbound());
            allow(acl, TrafficDirection.EGRESS, entries.outbound());
        });
    }

    /** Numbers an ACL's allow entries in order; anything not allowed falls to the implicit deny. */
    private static AclTraffic traffic(AclEntries.Entry entry) {
        boolean one = entry.fromPort() == entry.toPort();
        if (entry.protocol() == Flow.Protocol.UDP) {
            return one ? AclTraffic.udpPort(entry.fromPort()) : AclTraffic.udpPortRange(entry.fromPort(), entry.toPort());
        }
        return one ? AclTraffic.tcpPort(entry.fromPort()) : AclTraffic.tcpPortRange(entry.fromPort(), entry.toPort());
    }

    private static void allow(NetworkAcl acl, TrafficDirection direction, List<AclEntries.Entry> entries) {
        int number = 100;
        for (AclEntries.Entry entry : entries) {
            acl.addEntry((direction == TrafficDirection.INGRESS ? "In" : "Out") + number, CommonNetworkAclEntryOptions.builder()
                    .ruleNumber(number)
                    .cidr(AclCidr.ipv4(entry.cidr()))
                    .traffic(traffic(entry))
                    .direction(direction)
                    .ruleAction(Action.ALLOW)
                    .build());
            number += 10;
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

    /** The VPC's range as given (a literal, where the VPC's attribute would be a token). */
    public String getCidr() {
        return cidr;
    }

    public SubnetSelection subnets(SubnetTier tier) {
        return tier == SubnetTier.PUBLIC ? publicSubnets() : SubnetSelection.builder().subnetGroupName(tier.groupName()).build();
    }

    public SubnetSelection computeSubnets() {
        return subnets(SubnetTier.COMPUTE);
    }

    public SubnetSelection dataSubnets() {
        return subnets(SubnetTier.DATA);
    }

    public SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    /** The interface endpoints' group, when there are interface endpoints. */
    public Optional<SecurityGroup> getEndpointSecurityGroup() {
        return Optional.ofNullable(endpointSecurityGroup);
    }

    public Map<SubnetTier, NetworkAcl> getNetworkAcls() {
        return Map.copyOf(networkAcls);
    }

    public LogGroup getFlowLogGroup() {
        return flowLogGroup;
    }
}
