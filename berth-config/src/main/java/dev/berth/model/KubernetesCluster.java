package dev.berth.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A self-managed Kubernetes cluster on EC2 (seed 000): one control plane (kubeadm) in an Auto Scaling group of one, and
 * workers that join it through a join command kept in SSM Parameter Store.
 *
 * @param controlPlane the control plane's instance type
 * @param workers the workers
 * @param nodeImage an AMI with the Kubernetes binaries and the add-ons' images already on it (none: the nodes install
 *     them at boot, which needs a way to the internet), or null
 */
public record KubernetesCluster(InstanceType controlPlane, NodeGroup workers, String nodeImage) {

    /** The Kubernetes release the cluster runs: kubeadm, kubelet and kubectl, and the schemas its objects are checked against. */
    public static final String VERSION = "1.37.0";

    /** The pods' addresses (Calico's pool): outside any VPC range Berth allows but 192.168/16, which validation refuses. */
    public static final Cidr POD_CIDR = Cidr.parse("192.168.0.0/16", new String[1]).orElseThrow();
    /** The services' cluster addresses (kubeadm's default). */
    public static final Cidr SERVICE_CIDR = Cidr.parse("10.96.0.0/12", new String[1]).orElseThrow();

    /**
     * Whether an ALB path pattern can be an Ingress path: exact ({@code /health}) or a prefix ({@code /api/*}, {@code /*});
     * an Ingress has no other wildcard.
     */
    public static boolean ingressExpressible(String pathPattern) {
        String prefix = pathPattern.endsWith("/*") ? pathPattern.substring(0, pathPattern.length() - 2) : pathPattern;
        return prefix.indexOf('*') < 0 && prefix.indexOf('?') < 0;
    }

    /** kubeadm's floor for a control plane. */
    public static final int CONTROL_PLANE_MIN_VCPUS = 2;
    public static final int CONTROL_PLANE_MIN_MEMORY_MIB = 2048;

    /**
     * What a worker keeps from pods: the kubelet's and the system's reservations, the eviction threshold, and the
     * requests of the pods every node runs (the CNI's, kube-proxy).
     */
    public static final int NODE_RESERVED_MEMORY_MIB = 768;
    public static final int NODE_RESERVED_MILLI_VCPU = 350;

    public Optional<String> prebakedImage() {
        return Optional.ofNullable(nodeImage);
    }

    /** Memory of a worker pods may request. */
    public static int allocatableMemoryMiB(InstanceType type) {
        return type.memoryMiB() * ComputeModel.VISIBLE_MEMORY_PERCENT / 100 - NODE_RESERVED_MEMORY_MIB;
    }

    public static int allocatableMilliVcpu(InstanceType type) {
        return type.vcpus() * 1000 - NODE_RESERVED_MILLI_VCPU;
    }

    public static boolean fits(InstanceType type, SizeTier tier) {
        return tier.memoryMiB() <= allocatableMemoryMiB(type) && tier.milliVcpu() <= allocatableMilliVcpu(type);
    }

    /** The tiers a pod may have on these workers, smallest first. */
    public static List<SizeTier> tiersFitting(InstanceType type) {
        return Arrays.stream(SizeTier.values()).filter(tier -> fits(type, tier)).toList();
    }
}
