package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.delivery.GitHubOidcProvider;
import software.amazon.awscdk.Stack;

/**
 * The account's trust in GitHub Actions: its OIDC provider, once per account (not per environment or project), where
 * an environment deploys from GitHub Actions. Environments' deploy roles name it by ARN, so no stack depends on it.
 */
public final class GitHubOidcLayer implements Layer {

    /** The stack's name, the same for every project and environment of the account. */
    public static final String STACK_NAME = "berth-github-oidc";

    @Override
    public String name() {
        return "github-oidc";
    }

    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return model.delivery().oidcSubject(model.name()).isPresent();
    }

    @Override
    public String stackName(EnvironmentModel model) {
        return STACK_NAME;
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        new GitHubOidcProvider(stack, "GitHubOidc");
    }
}
