package dev.berth.platform.kubernetes;

import static dev.berth.platform.kubernetes.Manifest.fields;
import static dev.berth.platform.kubernetes.Manifest.object;

import java.util.List;
import java.util.Map;

/** Roles' rules and bindings to a service account, as the add-ons need them. */
final class Rbac {

    static final String API_VERSION = "rbac.authorization.k8s.io/v1";
    private static final String GROUP = "rbac.authorization.k8s.io";

    private Rbac() {
    }

    static Map<String, Object> rule(String apiGroup, List<String> resources, List<String> verbs) {
        return fields("apiGroups", List.of(apiGroup), "resources", resources, "verbs", verbs);
    }

    /**
     * A RoleBinding or ClusterRoleBinding (by {@code kind}) of a Role or ClusterRole (by {@code roleKind}) to a service
     * account.
     */
    static Map<String, Object> binding(String kind, Map<String, Object> metadata, String roleKind, String role,
            String serviceAccount, String serviceAccountNamespace) {
        return object(API_VERSION, kind, metadata,
                "roleRef", fields("apiGroup", GROUP, "kind", roleKind, "name", role),
                "subjects", List.of(fields("kind", "ServiceAccount", "name", serviceAccount,
                        "namespace", serviceAccountNamespace)));
    }
}
