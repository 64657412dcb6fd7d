package dev.berth.platform.data;

import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The environment's Redis: an ElastiCache replication group in the data subnets, TLS required in transit, encrypted
 * at rest with the environment key, an auth token generated into Secrets Manager and given to ElastiCache as a
 * dynamic reference (never in the template); with Multi-AZ, a replica in another zone takes over on its own.
 */
public final class Cache extends Construct {

    /** The cache's security group in the traffic graph. */
    public static final Zone ZONE = Zone.group("Cache", SubnetTier.DATA, "Redis: reached only by the services that declare it");
    public static final int PORT = 6379;
    /** ElastiCache takes 16 to 128 printable characters; letters and digits also go into a URL as they are. */
    static final int TOKEN_LENGTH = 64;

    /**
     * @param engineVersion Redis's version
     * @param nodeType each node's type
     * @param count the primary and its replicas
     * @param multiAz whether a replica in another zone takes over automatically
     */
    public record Nodes(String engineVersion, String nodeType, int count, boolean multiAz) {

        public Nodes {
            if (multiAz && count < 2) {
                throw new IllegalArgumentException("automatic failover needs a replica: 2 nodes or more");
            }
        }
    }

    /**
     * @param vpc the environment's VPC
     * @param subnets the data subnets
     * @param securityGroup the cache's group ({@link #ZONE})
     * @param key encrypts the data at rest and the secret
     * @param name the replication group's id, unique in the account and region
     * @param secretName the secret services receive as {@code CACHE_SECRET}
     */
    public record Props(IVpc vpc, SubnetSelection subnets, ISecurityGroup securityGroup, IKey key, String name, String secretName) {

        public Props {
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(subnets, "subnets");
            Objects.requireNonNull(securityGroup, "securityGroup");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(secretName, "secretName");
        }
    }

    private final Secret secret;
    private final CfnReplicationGroup replicationGroup;

    public Cache(Construct scope, String id, Props props, Nodes nodes) {
        super(scope, id);
        this.secret = Secret.Builder.create(this, "Secret")
                .secretName(props.secretName())
                .description("Redis of the environment (CACHE_SECRET): host, port, token, tls, url")
                .encryptionKey(props.key())
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{}")
                        .generateStringKey("token")
                        .excludePunctuation(true)
                        .passwordLength(TOKEN_LENGTH)
                        .build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        PolicyGate.acknowledge(secret, "AwsSolutions-SMG4", "ElastiCache changes an auth token only through a two-step"
                + " rotation (ROTATE, then SET) that the running tasks would have to follow; until that is built the token is"
                + " 64 random characters, encrypted with the environment key, readable by the declaring services alone.");
        CfnSubnetGroup subnetGroup = CfnSubnetGroup.Builder.create(this, "Subnets")
                .description("Data subnets of " + props.name())
                .subnetIds(props.vpc().selectSubnets(props.subnets()).getSubnetIds())
                .build();
        this.replicationGroup = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
                .replicationGroupId(props.name())
                .replicationGroupDescription("Redis of " + props.name())
                .engine("redis")
                .engineVersion(nodes.engineVersion())
                .cacheNodeType(nodes.nodeType())
                .numCacheClusters(nodes.count())
                .automaticFailoverEnabled(nodes.multiAz())
                .multiAzEnabled(nodes.multiAz())
                .port(PORT)
                .cacheSubnetGroupName(subnetGroup.getRef())
                .securityGroupIds(List.of(props.securityGroup().getSecurityGroupId()))
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                .kmsKeyId(props.key().getKeyArn())
                // A dynamic reference: CloudFormation reads the token from Secrets Manager at deploy time.
                .authToken(secret.secretValueFromJson("token").unsafeUnwrap())
                .autoMinorVersionUpgrade(true)
                .build();
        PolicyGate.acknowledge(replicationGroup, "AwsSolutions-AEC5", "A non-default port hides nothing from a scan inside"
                + " the VPC; access is closed by the cache's security group (6379 from the declaring services only) and the"
                + " data subnets' network ACL.");
        if (!nodes.multiAz()) {
            PolicyGate.acknowledge(replicationGroup, "AwsSolutions-AEC4", "Single-AZ by choice of this environment (multi_az:"
                    + " false, the dev profile's default): a cache of sessions and counters is rebuilt on loss. The prod profile"
                    + " runs a replica in another zone with automatic failover.");
        }
    }

    /** The token secret, completed at deploy with host, port, tls and url. */
    public Secret getSecret() {
        return secret;
    }

    public CfnReplicationGroup getReplicationGroup() {
        return replicationGroup;
    }
}
