package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.metadata;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.List;
import java.util.Map;

/**
 * The cluster DNS's configuration: kubeadm's default Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go, for
 * the cluster domain {@value #CLUSTER_DOMAIN}) plus one rewrite per service, so that the apps call each other by the
 * names they have on ECS, Cloud Map's {@code SERVICE.PROJECT.local}: {@code web.notejam.local} is answered as
 * {@code web.notejam-dev.svc.cluster.local}. Only those exact names are rewritten; the project domain's other names
 * (the database's, the cache's) go on to the VPC's resolver through the node's /etc/resolv.conf.
 *
 * <p>CoreDNS's reload plugin picks up a changed ConfigMap by itself.
 */
final class CoreDns {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "coredns";
    static final String CLUSTER_DOMAIN = "cluster.local";

    private CoreDns() {
    }

    /**
     * @param namespace where the services run
     * @param serviceDomain the private domain the services are called in, such as {@code notejam.local}
     * @param services the services' names
     * @param project the project, for the labels
     */
    static Map<String, Object> configMap(String namespace, String serviceDomain, List<String> services, String project) {
        return object("v1", "ConfigMap", metadata(NAME, NAMESPACE, Labels.of(NAME, project)),
                "data", fields("Corefile", corefile(namespace, serviceDomain, services)));
    }

    static String corefile(String namespace, String serviceDomain, List<String> services) {
        StringBuilder rewrites = new StringBuilder();
        for (String service : services) {
            rewrites.append("    rewrite name exact ").append(service).append('.').append(serviceDomain).append(' ')
                    .append(service).append('.').append(namespace).append(".svc.").append(CLUSTER_DOMAIN).append('\n');
        }
        return """
                .:53 {
                    errors
                    health {
                       lameduck 5s
                    }
                    ready
                %s    kubernetes %s in-addr.arpa ip6.arpa {
                       pods insecure
                       fallthrough in-addr.arpa ip6.arpa
                       ttl 30
                    }
                    prometheus :9153
                    forward . /etc/resolv.conf {
                       max_concurrent 1000
                    }
                    cache 30 {
                       disable success %s
                       disable denial %s
                    }
                    loop
                    reload
                    loadbalance
                }
                """.formatted(rewrites, CLUSTER_DOMAIN, CLUSTER_DOMAIN, CLUSTER_DOMAIN);
    }
}
