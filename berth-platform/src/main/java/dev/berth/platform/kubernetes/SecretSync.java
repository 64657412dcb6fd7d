package dev.berth.platform.kubernetes;

import java.util.List;

/**
 * What the control plane's secret sync copies from Secrets Manager into Kubernetes: Berth's equivalent of the External
 * Secrets Operator. A timer on the control plane reads each secret with the control plane's instance role, the only
 * role allowed to read the environment's secrets (and none other), and writes the values into each service's Secret
 * {@code SERVICE-secrets}, which the service's pods read as variables. Pods and worker nodes never hold AWS
 * credentials that could read a secret.
 *
 * <p>The sync's input, the contract between this class and the sync script, is tab-separated text in UTF-8:
 * <ul>
 *   <li>a first line starting with {@code #}, naming the columns; the script skips every line starting with
 *       {@code #};
 *   <li>then one line per secret variable, in the order of the services and of each service's variables, each ended by
 *       a line feed, of five columns separated by one tab each:
 *       {@code NAMESPACE SECRET_OBJECT KEY SECRET_ID JSON_FIELD}:
 *       <ul>
 *         <li>NAMESPACE: the environment's namespace;
 *         <li>SECRET_OBJECT: the Kubernetes Secret to write, {@code SERVICE-secrets};
 *         <li>KEY: the key in that Secret, the variable's name;
 *         <li>SECRET_ID: the Secrets Manager secret's name or ARN;
 *         <li>JSON_FIELD: the field of the secret's JSON object whose value is the key's, or {@code -} for the secret's
 *             whole string.
 *       </ul>
 * </ul>
 * No column is empty and none holds a blank, a tab or a line break ({@link Workload.SecretVariable} refuses them). A
 * Secret's keys are to be exactly the lines naming it: the script writes each Secret whole, so that a variable removed
 * from berth.yaml leaves its Secret too.
 *
 * <p>A pod whose Secret the sync has not written yet waits (CreateContainerConfigError) and starts by itself once it
 * exists: the Secrets are the sync's alone, no manifest makes them.
 */
public final class SecretSync {

    /** The JSON_FIELD column's value for a secret's whole string. */
    public static final String WHOLE_SECRET = "-";

    static final String HEADER = "# NAMESPACE\tSECRET_OBJECT\tKEY\tSECRET_ID\tJSON_FIELD\n";

    private SecretSync() {
    }

    static String tsv(String namespace, List<Workload.Props> workloads) {
        StringBuilder tsv = new StringBuilder(HEADER);
        for (Workload.Props workload : workloads) {
            for (Workload.SecretVariable secret : workload.secrets) {
                String jsonField = secret.jsonField() == null ? WHOLE_SECRET : secret.jsonField();
                tsv.append(String.join("\t", namespace, workload.secretName(), secret.name(), secret.secretId(), jsonField))
                        .append('\n');
            }
        }
        return tsv.toString();
    }
}
