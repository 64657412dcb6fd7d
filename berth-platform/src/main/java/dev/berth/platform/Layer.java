package dev.berth.platform;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.network.Flow;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * One stack of an environment: what it holds, whether the environment has it, where it lives, and the flows it
 * adds to the traffic graph. It reads earlier layers' typed outputs and publishes its own; it never reaches into
 * another layer's stack. A new layer is a new implementation added to {@link Layers}; no other layer changes.
 */
public interface Layer {

    /** The layer's name: the last part of its stack's name ({@code project-env-NAME}). */
    String name();

    /** Whether the environment has this layer at all (a CDN layer only where the edge asks for one). */
    default boolean appliesTo(EnvironmentModel model) {
        return true;
    }

    /** The stack's name; an account-level layer names its stack without the environment. */
    default String stackName(EnvironmentModel model) {
        return model.naming().stackName(name());
    }

    /** Account and region: the environment's, unless the layer must live elsewhere (us-east-1 for CloudFront's certificate). */
    default Placement placement(EnvironmentModel model) {
        return new Placement(model.naming().account(), model.naming().region());
    }

    /** The connections its resources need; the foundation turns all layers' flows into security groups and ACLs. */
    default List<Flow> flows(EnvironmentModel model) {
        return List.of();
    }

    /** Builds its resources into its stack, reading what earlier layers published in {@code outputs}. */
    void build(Stack stack, EnvironmentModel model, LayerOutputs outputs);

    /**
     * Where a layer's stack deploys.
     *
     * @param account the AWS account id, or null for the account of the credentials in use
     * @param region the AWS region
     */
    record Placement(String account, String region) {
    }
}
