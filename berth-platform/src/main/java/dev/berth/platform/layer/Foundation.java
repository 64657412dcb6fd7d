package dev.berth.platform.layer;

import dev.berth.platform.network.SecurityGroups;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;

/**
 * What the foundation layer hands the others.
 *
 * @param key the environment key
 * @param vpc the VPC
 * @param subnets its three tiers
 * @param groups a security group per group of the traffic graph
 * @param namespace the private DNS namespace services are found in ({@code PROJECT.local})
 */
public record Foundation(IKey key, IVpc vpc, Subnets subnets, SecurityGroups groups, PrivateDnsNamespace namespace) {

    /** The subnet tiers as selections. */
    public record Subnets(SubnetSelection publicSubnets, SubnetSelection compute, SubnetSelection data) {
    }
}
